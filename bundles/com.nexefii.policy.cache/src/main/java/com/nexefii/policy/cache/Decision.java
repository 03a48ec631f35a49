package com.nexefii.policy.cache;

import java.util.Objects;

/**
 * The answer to an access request.
 *
 * @param reason why; {@link Reason#allows()} tells whether the door opens
 * @param credentialId the credential's id (a mobile key's {@code jti}, a card UID, a staff
 *     subject), {@code unknown} when the credential could not be read; safe to log
 * @param verified false when {@code credentialId} comes from a credential whose signature did not
 *     verify, i.e. it is only what the presenter claims
 * @param holder who the credential belongs to (the {@code sub} or the grant's holder), or
 *     {@code null}
 * @param lockId the lock asked about
 * @param policyVersion the policy version the decision was made on
 */
public record Decision(Reason reason, String credentialId, boolean verified, String holder, String lockId,
        long policyVersion) {

    /** Stands in for a credential id that could not be read. */
    public static final String UNKNOWN_CREDENTIAL = "unknown";

    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lockId, "lockId");
        credentialId = credentialId == null ? UNKNOWN_CREDENTIAL : credentialId;
    }

    /** @return true when the door may open */
    public boolean allowed() {
        return reason.allows();
    }

    /** @return the same decision with another reason */
    public Decision withReason(Reason newReason) {
        return new Decision(newReason, credentialId, verified, holder, lockId, policyVersion);
    }
}
