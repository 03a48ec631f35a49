package com.nexefii.lock.tcp.protocol;

/** The controller's answer to a COMMAND. Codes not listed here decode as {@link #UNRECOGNIZED}. */
public enum Status {
    OK(0x00),
    /** The bolt could not move. */
    JAMMED(0x01),
    /** Refused for a reason without its own code; the detail text says which. */
    REJECTED(0x02),
    /** No unit with this number on the controller. */
    UNKNOWN_UNIT(0x03),
    /** The unit cannot do this (no keypad for a PIN, say). */
    UNSUPPORTED(0x04),
    /** Parameters out of range. */
    INVALID_PARAMETERS(0x05),
    /** Not executed, try again: the controller is busy with this unit. Safe to retry any opcode. */
    BUSY(0x06),
    /** The unit's credential memory is full. */
    MEMORY_FULL(0x07),
    /** The unit is in lockdown and refuses to unlock. */
    LOCKDOWN_ACTIVE(0x08),
    /** The controller cannot reach the unit on its own bus. */
    UNIT_OFFLINE(0x09),
    INTERNAL_ERROR(0xFF),
    /** Decoded from a code this version does not know. */
    UNRECOGNIZED(-1);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Status of(int code) {
        for (Status status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNRECOGNIZED;
    }
}
