package com.nexefii.cloud.domain.model.lock;

import java.time.Instant;

/**
 * What events said about one lock's state; null fields are unchanged. Changes merge in event order
 * (a later value wins, the latest time is kept), so one change per lock can stand for a whole batch.
 */
public record LockStateChange(String lockId, String boltState, String doorState, Integer batteryPercent, Boolean online,
        Instant at) {

    /** @return this change followed by {@code later} */
    public LockStateChange then(LockStateChange later) {
        return new LockStateChange(lockId, later.boltState != null ? later.boltState : boltState,
                later.doorState != null ? later.doorState : doorState,
                later.batteryPercent != null ? later.batteryPercent : batteryPercent,
                later.online != null ? later.online : online, at.isAfter(later.at) ? at : later.at);
    }
}
