package com.nexefii.policy.cache;

import java.time.Instant;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's access policy, kept in memory and on disk, and the decisions made from it.
 *
 * <p>Decisions never do I/O apart from auditing: the policy is pre-indexed and signature keys are
 * parsed once per policy version, so evaluating a request takes microseconds. Everything the policy
 * does not allow explicitly is denied.
 */
@ProviderType
public interface PolicyCache {

    /** Configuration PID of the policy cache component. */
    String PID = "com.nexefii.policy.cache";

    /**
     * Applies one message of the {@code policy} channel (contract v1 {@code policy.schema.json}).
     *
     * <p>A snapshot newer than the held version replaces the policy; a delta applies only on top of
     * its {@code fromVersion}. Older or equal versions are ignored (QoS 1 redelivery, retained
     * snapshots). The applied policy is written to disk before this returns, so a gateway that
     * restarts offline decides from it.
     *
     * @param policyJson the message payload, UTF-8 JSON
     * @return what happened; never {@code null}, never throws for bad input
     */
    ApplyResult apply(byte[] policyJson);

    /** @return the applied policy version, 0 when the gateway holds no policy yet */
    long version();

    /**
     * Decides whether a credential opens a lock, and audits the decision before returning it. A
     * decision that allows but cannot be audited is turned into a denial
     * ({@link Reason#AUDIT_FAILED}).
     */
    Decision decide(AccessRequest request);

    /** Decides on a mobile key presented at a lock; see {@link #decide(AccessRequest)}. */
    default Decision decide(String mobileKey, String lockId, Instant time) {
        return decide(AccessRequest.mobileKey(mobileKey, lockId, time));
    }

    /**
     * Decides whether an authenticated staff member may lock or unlock a lock, from the staff zones
     * of the policy, and audits the decision. The caller has verified who the staff member is.
     */
    Decision decideStaff(StaffRequest request);

    /**
     * Puts a zone or the whole property into lockdown, or lifts it, on this gateway's own authority
     * (staff pressed the lockdown button). Kept apart from the cloud's lockdown state and persisted:
     * a policy update from the cloud never lifts a local lockdown.
     *
     * @param zone the zone, or {@code null} for the whole property
     * @param on true to enter lockdown
     */
    void setLocalLockdown(String zone, boolean on);

    /** @return true when the lock is in lockdown, by the cloud's policy or locally */
    boolean inLockdown(String lockId);

    /** @return the locks of a zone in the current policy, empty for an unknown zone */
    Set<String> zoneLocks(String zone);
}
