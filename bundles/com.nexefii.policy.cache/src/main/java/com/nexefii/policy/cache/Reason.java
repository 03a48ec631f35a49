package com.nexefii.policy.cache;

/** Why a {@link Decision} allows or denies. Audited as the {@code reason} attribute. */
public enum Reason {

    /** A valid credential whose grant covers the lock now. */
    GRANTED(true),
    /** A staff role whose zones contain the lock. */
    STAFF_ZONE(true),
    /** A staff role allowed to open doors during lockdown. */
    LOCKDOWN_OVERRIDE(true),

    /** The gateway holds no policy yet. */
    NO_POLICY(false),
    /** The credential cannot be parsed or lacks a required claim. */
    MALFORMED(false),
    /** The signature does not verify, or the algorithm is not the pinned one. */
    BAD_SIGNATURE(false),
    /** The {@code kid} is missing or names no key of the policy. */
    UNKNOWN_KEY(false),
    /** The credential was issued by someone else. */
    WRONG_ISSUER(false),
    /** The credential was issued for another audience. */
    WRONG_AUDIENCE(false),
    /** The credential or token belongs to another property. */
    WRONG_PROPERTY(false),
    /** The credential is on the denylist. */
    REVOKED(false),
    /** The credential or its grant has expired. */
    EXPIRED(false),
    /** The credential or its grant is not valid yet. */
    NOT_YET_VALID(false),
    /** The credential does not open this lock. */
    WRONG_LOCK(false),
    /** The grant's daily schedule excludes this time. */
    OUTSIDE_SCHEDULE(false),
    /** The lock is in lockdown. */
    LOCKDOWN(false),
    /** No grant names this card or PIN credential. */
    UNKNOWN_CREDENTIAL(false),
    /** No role of the staff member covers this lock. */
    NOT_PERMITTED(false),
    /** The decision would allow, but the audit event could not be recorded: fail closed. */
    AUDIT_FAILED(false);

    private final boolean allows;

    Reason(boolean allows) {
        this.allows = allows;
    }

    /** @return true for the reasons that open the door */
    public boolean allows() {
        return allows;
    }
}
