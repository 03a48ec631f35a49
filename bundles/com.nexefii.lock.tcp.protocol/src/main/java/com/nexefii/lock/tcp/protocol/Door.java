package com.nexefii.lock.tcp.protocol;

/** Door sensor on the wire: the ordinal is the code. */
public enum Door {
    UNKNOWN, OPEN, CLOSED, AJAR;

    static Door of(int code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }
}
