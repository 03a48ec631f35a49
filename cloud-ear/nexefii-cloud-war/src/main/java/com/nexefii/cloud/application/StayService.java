package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.TenantIds;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.credential.CredentialRepository;
import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nexefii.cloud.domain.model.credential.Revocation;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.stay.Stay;
import com.nexefii.cloud.domain.model.stay.StayRepository;
import com.nexefii.cloud.domain.model.stay.StayStatus;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Front desk: check-in, check-out, room move, extension, and revoking a credential. */
@ApplicationScoped
public class StayService {

    @Inject
    Transactions tx;
    @Inject
    StayRepository stays;
    @Inject
    LockRepository locks;
    @Inject
    CredentialRepository credentials;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    PolicyService policy;
    @Inject
    Clock clock;

    public record CheckIn(String holder, String roomZoneId, List<String> extraLockIds, Instant validFrom,
            Instant validUntil) {
    }

    public Stay checkIn(PropertyId p, Caller caller, CheckIn request) {
        if (!request.validUntil().isAfter(request.validFrom())) {
            throw new InvalidRequest("validUntil must be after validFrom");
        }
        Stay stay = tx.inProperty(p, () -> {
            Stay s = new Stay(p, UUID.randomUUID(), request.holder(), request.roomZoneId(),
                    lockIds(p, request.roomZoneId(), request.extraLockIds()), request.validFrom(), request.validUntil(),
                    StayStatus.CHECKED_IN);
            stays.add(s);
            auditRecorder.record(p, "STAY_CHECKED_IN", Priority.NORMAL, caller.subject(), null, null,
                    Map.of("stayId", s.stayId().toString(), "holder", s.holder(), "locks", String.join(",", s.lockIds())));
            return s;
        });
        policy.publishSnapshot(p);
        return stay;
    }

    public List<Stay> list(PropertyId p, StayStatus status) {
        return tx.inProperty(p, () -> stays.list(p, status));
    }

    public Stay get(PropertyId p, UUID stayId) {
        return tx.inProperty(p, () -> stays.find(p, stayId)).orElseThrow(() -> new ResourceNotFound("stay", stayId));
    }

    public Stay checkOut(PropertyId p, Caller caller, UUID stayId) {
        return change(p, caller, stayId, "STAY_CHECKED_OUT", s -> {
            if (s.status() == StayStatus.CHECKED_OUT) {
                throw new RequestConflict("stay " + stayId + " is already checked out");
            }
            return new Stay(p, s.stayId(), s.holder(), s.roomZoneId(), s.lockIds(), s.validFrom(),
                    min(s.validUntil(), clock.instant()).isAfter(s.validFrom()) ? min(s.validUntil(), clock.instant())
                            : s.validUntil(),
                    StayStatus.CHECKED_OUT);
        }, true);
    }

    public Stay move(PropertyId p, Caller caller, UUID stayId, String roomZoneId, List<String> extraLockIds) {
        return change(p, caller, stayId, "STAY_MOVED", s -> {
            requireCheckedIn(s);
            return new Stay(p, s.stayId(), s.holder(), roomZoneId, lockIds(p, roomZoneId, extraLockIds), s.validFrom(),
                    s.validUntil(), s.status());
        }, true);
    }

    public Stay extend(PropertyId p, Caller caller, UUID stayId, Instant validUntil) {
        return change(p, caller, stayId, "STAY_EXTENDED", s -> {
            requireCheckedIn(s);
            if (!validUntil.isAfter(s.validUntil())) {
                throw new InvalidRequest("validUntil must be later than the current end " + s.validUntil());
            }
            return new Stay(p, s.stayId(), s.holder(), s.roomZoneId(), s.lockIds(), s.validFrom(), validUntil, s.status());
        }, false);
    }

    /** Revokes one credential; the revocation reaches online gateways as a policy delta at once. */
    public Revocation revoke(PropertyId p, Caller caller, UUID credentialId, String reason) {
        Revocation revocation = tx.inProperty(p, () -> {
            MobileKey key = credentials.find(p, credentialId)
                    .orElseThrow(() -> new ResourceNotFound("credential", credentialId));
            if (key.revoked()) {
                throw new RequestConflict("credential " + credentialId + " is already revoked");
            }
            Revocation r = credentials.revoke(p, credentialId, caller.subject(), reason, clock.instant())
                    .orElseThrow(() -> new RequestConflict("credential " + credentialId + " is already revoked"));
            auditRecorder.record(p, "CREDENTIAL_REVOKED", Priority.SECURITY, caller.subject(), null, null,
                    Map.of("credentialId", credentialId.toString(), "holder", key.holder(),
                            "reason", reason == null ? "" : reason));
            return r;
        });
        policy.publishRevocation(p, revocation);
        return revocation;
    }

    private Stay change(PropertyId p, Caller caller, UUID stayId, String auditType,
            java.util.function.UnaryOperator<Stay> change, boolean revokeKeys) {
        List<Revocation> revoked = new ArrayList<>();
        Stay updated = tx.inProperty(p, () -> {
            Stay s = stays.find(p, stayId).orElseThrow(() -> new ResourceNotFound("stay", stayId));
            Stay next = change.apply(s);
            stays.update(next);
            if (revokeKeys) {
                for (MobileKey key : credentials.ofStay(p, stayId)) {
                    if (!key.revoked()) {
                        credentials.revoke(p, key.credentialId(), caller.subject(), auditType, clock.instant())
                                .ifPresent(revoked::add);
                    }
                }
            }
            auditRecorder.record(p, auditType, Priority.NORMAL, caller.subject(), null, null,
                    Map.of("stayId", stayId.toString(), "holder", s.holder(), "locks", String.join(",", next.lockIds()),
                            "validUntil", next.validUntil().toString(), "revokedKeys", Integer.toString(revoked.size())));
            return next;
        });
        if (revoked.isEmpty()) {
            policy.publishSnapshot(p);
        } else {
            revoked.forEach(r -> policy.publishRevocation(p, r));
        }
        return updated;
    }

    private List<String> lockIds(PropertyId p, String roomZoneId, List<String> extra) {
        Set<String> ids = new LinkedHashSet<>();
        if (roomZoneId != null) {
            if (!TenantIds.isValid(roomZoneId) || locks.findZone(p, roomZoneId).isEmpty()) {
                throw new ResourceNotFound("zone", roomZoneId);
            }
            locks.inZone(p, roomZoneId).stream().map(Lock::lockId).forEach(ids::add);
        }
        for (String lockId : extra == null ? List.<String>of() : extra) {
            if (!TenantIds.isValidLock(lockId) || locks.find(p, lockId).isEmpty()) {
                throw new ResourceNotFound("lock", lockId);
            }
            ids.add(lockId);
        }
        if (ids.isEmpty()) {
            throw new InvalidRequest("the stay grants no lock: give a room zone with locks or lock ids");
        }
        return List.copyOf(ids);
    }

    private static void requireCheckedIn(Stay s) {
        if (s.status() != StayStatus.CHECKED_IN) {
            throw new RequestConflict("stay " + s.stayId() + " is checked out");
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
