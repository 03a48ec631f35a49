package com.nexefii.policy.cache;

import java.time.Instant;
import java.util.Objects;

import com.nexefii.lock.api.CredentialType;

/**
 * A credential presented at a lock.
 *
 * @param type how it is presented
 * @param credential for {@link CredentialType#MOBILE_KEY} the compact JWS the cloud signed (a
 *     secret: never logged, {@link #toString()} hides it); for cards and PINs the credential id
 * @param lockId the lock to open
 * @param time when it is presented
 */
public record AccessRequest(CredentialType type, String credential, String lockId, Instant time) {

    public AccessRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(time, "time");
        credential = credential == null ? "" : credential;
    }

    public static AccessRequest mobileKey(String compactJws, String lockId, Instant time) {
        return new AccessRequest(CredentialType.MOBILE_KEY, compactJws, lockId, time);
    }

    public static AccessRequest card(String uid, String lockId, Instant time) {
        return new AccessRequest(CredentialType.CARD, uid, lockId, time);
    }

    @Override
    public String toString() {
        String shown = type == CredentialType.MOBILE_KEY ? "<" + credential.length() + " chars>" : credential;
        return "AccessRequest[" + type + " " + shown + " at " + lockId + " " + time + "]";
    }
}
