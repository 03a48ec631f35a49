package com.nexefii.lock.tcp.protocol;

/** What an EVENT reports. Codes not listed here decode as {@link #UNRECOGNIZED}. */
public enum EventCode {
    /** Attributes: {@code method}. */
    LOCKED(0x01),
    /** Attributes: {@code credentialId}, {@code method}. */
    UNLOCKED(0x02),
    DOOR_OPENED(0x03),
    DOOR_CLOSED(0x04),
    DOOR_AJAR(0x05),
    DOOR_FORCED(0x06),
    JAMMED(0x07),
    TAMPER(0x08),
    /** Attribute {@code percent}. */
    BATTERY_LEVEL(0x09),
    /** Attribute {@code percent}. */
    BATTERY_LOW(0x0A),
    /** Attributes: {@code credentialId}, {@code reason}. */
    ACCESS_DENIED(0x0B),
    /** Attributes: {@code credentialId}, {@code reason}. */
    ACCESS_GRANTED(0x0C),
    /** Attribute {@code lockdown} (true/false). */
    LOCKDOWN_CHANGED(0x0D),
    /** The controller lost the unit on its own bus. */
    UNIT_OFFLINE(0x0E),
    UNIT_ONLINE(0x0F),
    /** A unit was installed on the controller. Attribute {@code model}. */
    UNIT_ADDED(0x10),
    UNIT_REMOVED(0x11),
    UNRECOGNIZED(-1);

    private final int code;

    EventCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static EventCode of(int code) {
        for (EventCode event : values()) {
            if (event.code == code) {
                return event;
            }
        }
        return UNRECOGNIZED;
    }
}
