package com.nexefii.lock.tcp.protocol;

/** Bolt position on the wire: the ordinal is the code. */
public enum Bolt {
    UNKNOWN, LOCKED, UNLOCKED, JAMMED;

    static Bolt of(int code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }
}
