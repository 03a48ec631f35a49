package com.nexefii.lock.tcp.protocol;

/** What a COMMAND asks a unit to do. */
public enum Opcode {
    LOCK(0x01, true),
    /** Parameter: relock after N seconds (0: the unit's default). */
    UNLOCK(0x02, false),
    LOCKDOWN_ON(0x03, true),
    LOCKDOWN_OFF(0x04, true),
    /** Parameters: credential kind, id and, for a PIN, the sealed secret. */
    SET_CREDENTIAL(0x05, true),
    /** Parameters: credential kind and id. */
    CLEAR_CREDENTIAL(0x06, true),
    QUERY_STATE(0x07, true);

    private final int code;
    private final boolean idempotent;

    Opcode(int code, boolean idempotent) {
        this.code = code;
        this.idempotent = idempotent;
    }

    public int code() {
        return code;
    }

    /**
     * @return true when doing it twice has the same effect as once. UNLOCK is not: a second unlock
     *     restarts the relock timer and opens the door again for whoever stands there.
     */
    public boolean idempotent() {
        return idempotent;
    }

    public static Opcode of(int code) throws ProtocolException {
        for (Opcode opcode : values()) {
            if (opcode.code == code) {
                return opcode;
            }
        }
        throw new ProtocolException(ProtocolException.Kind.MALFORMED, String.format("unknown opcode 0x%02x", code));
    }
}
