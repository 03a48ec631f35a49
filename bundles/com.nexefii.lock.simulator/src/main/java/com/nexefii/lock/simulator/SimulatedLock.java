package com.nexefii.lock.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockState;

/**
 * One simulated lock's mutable state. Touched only on its fleet's single simulation thread, which
 * is what makes it safe without locks.
 */
final class SimulatedLock {

    final LockInfo info;
    BoltState bolt = BoltState.LOCKED;
    DoorState door = DoorState.CLOSED;
    boolean lockdown;
    boolean online = true;
    double battery;
    int reportedBattery;
    boolean lowBatteryReported;
    /** The bolt should throw as soon as the door closes. */
    boolean relockWhenClosed;
    /** When the lock's radio and motor are free for the next command (System.nanoTime). */
    long busyUntilNanos;
    final Map<String, Credential> credentials = new LinkedHashMap<>();
    ScheduledFuture<?> relockTimer;
    ScheduledFuture<?> ajarTimer;
    ScheduledFuture<?> closeTimer;

    SimulatedLock(LockInfo info, int batteryPercent) {
        this.info = info;
        this.battery = batteryPercent;
        this.reportedBattery = batteryPercent;
    }

    String id() {
        return info.lockId();
    }

    int batteryPercent() {
        return (int) Math.ceil(Math.max(0, Math.min(100, battery)));
    }

    LockState state() {
        return new LockState(id(), bolt, door, lockdown, batteryPercent(), online);
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
