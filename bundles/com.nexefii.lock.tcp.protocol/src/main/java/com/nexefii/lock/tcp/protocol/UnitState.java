package com.nexefii.lock.tcp.protocol;

import java.util.Objects;

/** A unit's state as the controller reports it: {@code bolt(u8) door(u8) lockdown(u8) battery(i8, -1 unknown)}. */
public record UnitState(Bolt bolt, Door door, boolean lockdown, int batteryPercent) {

    public UnitState {
        Objects.requireNonNull(bolt, "bolt");
        Objects.requireNonNull(door, "door");
        if (batteryPercent < -1 || batteryPercent > 100) {
            throw new IllegalArgumentException("battery percent out of range: " + batteryPercent);
        }
    }

    void writeTo(PayloadWriter out) {
        out.u8(bolt.ordinal()).u8(door.ordinal()).u8(lockdown ? 1 : 0).i8(batteryPercent);
    }

    static UnitState readFrom(PayloadReader in) throws ProtocolException {
        Bolt bolt = Bolt.of(in.u8());
        Door door = Door.of(in.u8());
        int lockdown = in.u8();
        int battery = in.i8();
        if (battery < -1 || battery > 100) {
            throw in.malformed("battery percent " + battery + " out of range");
        }
        return new UnitState(bolt, door, lockdown != 0, battery);
    }
}
