package com.nexefii.lock.tcp.protocol;

/** Credential kind on the wire: the ordinal is the code; NONE for opcodes without a credential. */
public enum CredentialKind {
    NONE, PIN, CARD, MOBILE_KEY;

    static CredentialKind of(int code) throws ProtocolException {
        if (code < 0 || code >= values().length) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "unknown credential kind " + code);
        }
        return values()[code];
    }
}
