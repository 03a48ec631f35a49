package com.nexefii.lock.api;

import java.util.Objects;

/**
 * What a lock reported about itself.
 *
 * @param lockId the lock
 * @param bolt bolt position
 * @param door door sensor
 * @param lockdown whether the lock is in lockdown
 * @param batteryPercent 0-100, or -1 when unknown or mains powered
 * @param online whether the adapter can reach the lock now
 */
public record LockState(String lockId, BoltState bolt, DoorState door, boolean lockdown, int batteryPercent,
        boolean online) {

    public LockState {
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(bolt, "bolt");
        Objects.requireNonNull(door, "door");
        if (batteryPercent < -1 || batteryPercent > 100) {
            throw new IllegalArgumentException("batteryPercent out of range: " + batteryPercent);
        }
    }

    public static LockState unknown(String lockId) {
        return new LockState(lockId, BoltState.UNKNOWN, DoorState.UNKNOWN, false, -1, false);
    }
}
