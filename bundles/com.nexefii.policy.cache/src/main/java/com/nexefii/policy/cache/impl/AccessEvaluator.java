package com.nexefii.policy.cache.impl;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.CredentialType;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;

/**
 * Pure decision logic: a request, a policy state and the local lockdown in, a decision out. No
 * I/O, no locks, no allocation beyond the decision on the hot path of an already verified key.
 *
 * <p>Check order, so the audited reason is the most telling one: credential form and signature,
 * who issued it for whom, revocation, validity window, lock, the grant's window and schedule, and
 * lockdown last (a credential denied for lockdown would otherwise have opened the door).
 */
final class AccessEvaluator {

    private final PolicyCacheOptions options;

    AccessEvaluator(PolicyCacheOptions options) {
        this.options = options;
    }

    Decision evaluate(AccessRequest request, PolicyState state, LocalLockdown local) {
        String lockId = request.lockId();
        if (state.version == 0) {
            return new Decision(Reason.NO_POLICY, idForAudit(request), false, null, lockId, 0);
        }
        return switch (request.type()) {
            case MOBILE_KEY -> mobileKey(request, state, local);
            case CARD, PIN -> listedCredential(request, state, local);
        };
    }

    Decision evaluateStaff(StaffRequest request, PolicyState state, LocalLockdown local) {
        String lockId = request.lockId();
        if (state.version == 0) {
            return new Decision(Reason.NO_POLICY, request.subject(), true, request.subject(), lockId, 0);
        }
        Set<String> lockZones = state.zonesOf(lockId);
        boolean permitted = false;
        boolean overrides = false;
        for (String role : request.roles()) {
            Set<String> roleZones = state.staffZones.get(role);
            if (roleZones != null && (roleZones.contains(PolicyState.ALL_ZONES) || intersects(roleZones, lockZones))) {
                permitted = true;
                overrides |= options.lockdownOverrideRoles().contains(role);
            }
        }
        Reason reason;
        if (!permitted) {
            reason = Reason.NOT_PERMITTED;
        } else if (request.action() == CommandType.UNLOCK && inLockdown(lockId, state, local)) {
            reason = overrides ? Reason.LOCKDOWN_OVERRIDE : Reason.LOCKDOWN;
        } else {
            reason = Reason.STAFF_ZONE;
        }
        return new Decision(reason, request.subject(), true, request.subject(), lockId, state.version);
    }

    boolean inLockdown(String lockId, PolicyState state, LocalLockdown local) {
        if (state.propertyLockdown || local.property()) {
            return true;
        }
        Set<String> lockZones = state.zonesOf(lockId);
        return intersects(lockZones, state.lockdownZones) || intersects(lockZones, local.zones());
    }

    private Decision mobileKey(AccessRequest request, PolicyState state, LocalLockdown local) {
        String lockId = request.lockId();
        long version = state.version;
        MobileKeyVerifier.Result verified = MobileKeyVerifier.verify(request.credential(), state.keys);
        if (verified.failure() != null) {
            return new Decision(verified.failure(), verified.claimedCredentialId(), false, null, lockId, version);
        }
        VerifiedCredential key = verified.credential();
        Reason reason = mobileKeyReason(key, request, state, local);
        return new Decision(reason, key.credentialId(), true, key.subject(), lockId, version);
    }

    private Reason mobileKeyReason(VerifiedCredential key, AccessRequest request, PolicyState state,
            LocalLockdown local) {
        Instant time = request.time();
        if (!options.credentialIssuer().equals(key.issuer())) {
            return Reason.WRONG_ISSUER;
        }
        if (!key.audience().contains(options.credentialAudience())) {
            return Reason.WRONG_AUDIENCE;
        }
        if (!key.propertyId().equals(state.propertyId)) {
            return Reason.WRONG_PROPERTY;
        }
        if (state.revoked(key.credentialId())) {
            return Reason.REVOKED;
        }
        if (time.isAfter(key.expiresAt().plus(options.clockSkew()))) {
            return Reason.EXPIRED;
        }
        if (time.isBefore(key.notBefore().minus(options.clockSkew()))) {
            return Reason.NOT_YET_VALID;
        }
        if (!key.locks().contains(request.lockId())) {
            return Reason.WRONG_LOCK;
        }
        // A key issued while the gateway was offline has no grant here yet and stands on its own
        // signature; a grant the gateway does know can only narrow it.
        List<Grant> grants = state.grantsOf(key.credentialId());
        if (!grants.isEmpty()) {
            Reason grantReason = grantReason(grants, request.lockId(), time);
            if (grantReason != Reason.GRANTED) {
                return grantReason;
            }
        }
        return inLockdown(request.lockId(), state, local) ? Reason.LOCKDOWN : Reason.GRANTED;
    }

    private Decision listedCredential(AccessRequest request, PolicyState state, LocalLockdown local) {
        String credentialId = request.credential();
        String lockId = request.lockId();
        List<Grant> grants = state.grantsOf(credentialId);
        Reason reason;
        String holder = grants.isEmpty() ? null : grants.get(0).holder();
        if (state.revoked(credentialId)) {
            reason = Reason.REVOKED;
        } else if (grants.isEmpty()) {
            reason = Reason.UNKNOWN_CREDENTIAL;
        } else {
            reason = grantReason(grants, lockId, request.time());
            if (reason == Reason.GRANTED && inLockdown(lockId, state, local)) {
                reason = Reason.LOCKDOWN;
            }
        }
        return new Decision(reason, credentialId, !grants.isEmpty(), holder, lockId, state.version);
    }

    /** The best reason any of the credential's grants gives for this lock at this time. */
    private Reason grantReason(List<Grant> grants, String lockId, Instant time) {
        Reason best = Reason.WRONG_LOCK;
        for (Grant g : grants) {
            if (!g.locks().contains(lockId)) {
                continue;
            }
            Reason r;
            if (time.isBefore(g.validFrom())) {
                r = Reason.NOT_YET_VALID;
            } else if (!time.isBefore(g.validUntil())) {
                r = Reason.EXPIRED;
            } else if (g.schedule() != null
                    && !g.schedule().contains(LocalTime.ofInstant(time, options.scheduleZone()))) {
                r = Reason.OUTSIDE_SCHEDULE;
            } else {
                return Reason.GRANTED;
            }
            if (best == Reason.WRONG_LOCK || r == Reason.OUTSIDE_SCHEDULE) {
                best = r;
            }
        }
        return best;
    }

    private static String idForAudit(AccessRequest request) {
        return request.type() == CredentialType.MOBILE_KEY ? null : request.credential();
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String s : small) {
            if (large.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
