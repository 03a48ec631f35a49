package com.nexefii.lock.api;

import java.util.Objects;

/**
 * A credential stored in or presented to a lock.
 *
 * @param type how it is presented
 * @param id the credential's identity: slot or user id for a PIN, card UID, mobile key id; safe to
 *     log and audit
 * @param secret the secret part (the PIN digits), or {@code null}; never logged: {@link #toString()}
 *     masks it
 */
public record Credential(CredentialType type, String id, String secret) {

    public Credential {
        Objects.requireNonNull(type, "type");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("credential id must not be blank");
        }
    }

    public static Credential pin(String userId, String digits) {
        return new Credential(CredentialType.PIN, userId, digits);
    }

    public static Credential card(String uid) {
        return new Credential(CredentialType.CARD, uid, null);
    }

    public static Credential mobileKey(String credentialId) {
        return new Credential(CredentialType.MOBILE_KEY, credentialId, null);
    }

    @Override
    public String toString() {
        return "Credential[" + type + " " + id + (secret == null ? "" : " ****") + "]";
    }
}
