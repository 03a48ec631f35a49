package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.TenantIds;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.command.CommandRepository;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.lock.Zone;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Staff and admins: locks and zones of their property, remote lock/unlock, lockdown. */
@ApplicationScoped
public class LockService {

    @Inject
    Transactions tx;
    @Inject
    LockRepository locks;
    @Inject
    PropertyRepository properties;
    @Inject
    CommandService commandService;
    @Inject
    CommandRepository commands;
    @Inject
    PolicyService policy;
    @Inject
    AuditRecorder auditRecorder;

    public List<Lock> list(PropertyId p) {
        return tx.inProperty(p, () -> locks.list(p));
    }

    public Lock get(PropertyId p, String lockId) {
        if (!TenantIds.isValidLock(lockId)) {
            throw new ResourceNotFound("lock", lockId);
        }
        return tx.inProperty(p, () -> locks.find(p, lockId)).orElseThrow(() -> new ResourceNotFound("lock", lockId));
    }

    public CommandService.Dispatched remote(PropertyId p, Caller caller, String lockId, CommandType type,
            Integer relockAfterSeconds, String idempotencyKey) {
        if (!TenantIds.isValidLock(lockId)) {
            throw new ResourceNotFound("lock", lockId);
        }
        // the dispatch reads the lock (404 when unknown) in its own transaction: no extra round trip here
        Map<String, String> params = relockAfterSeconds == null ? Map.of()
                : Map.of("relockAfterSeconds", relockAfterSeconds.toString());
        return commandService.dispatch(p, caller, new CommandService.Dispatch(null, lockId, type, params, null,
                idempotencyKey));
    }

    public List<Zone> zones(PropertyId p) {
        return tx.inProperty(p, () -> locks.zones(p));
    }

    public Zone addZone(PropertyId p, Caller caller, String zoneId, String name, String kind, List<String> lockIds) {
        Zone zone = new Zone(p, zoneId, name, kind, false);
        tx.inPropertyRun(p, () -> {
            if (locks.findZone(p, zoneId).isPresent()) {
                throw new RequestConflict("zone " + zoneId + " exists");
            }
            locks.addZone(zone);
            for (String lockId : lockIds == null ? List.<String>of() : lockIds) {
                locks.find(p, lockId).orElseThrow(() -> new ResourceNotFound("lock", lockId));
                locks.assignZone(p, lockId, zoneId);
            }
            auditRecorder.record(p, "ZONE_CREATED", Priority.NORMAL, caller.subject(), null, null,
                    Map.of("zoneId", zoneId));
        });
        policy.publishSnapshot(p);
        return zone;
    }

    public void grantZoneToRole(PropertyId p, Caller caller, String zoneId, String role) {
        tx.inPropertyRun(p, () -> {
            locks.findZone(p, zoneId).orElseThrow(() -> new ResourceNotFound("zone", zoneId));
            locks.grantZoneToRole(p, role, zoneId);
            auditRecorder.record(p, "STAFF_ZONE_GRANTED", Priority.SECURITY, caller.subject(), null, null,
                    Map.of("zoneId", zoneId, "role", role));
        });
        policy.publishSnapshot(p);
    }

    /**
     * Locks down (or releases) a zone or the whole property: the flag goes into the policy (so
     * gateways enforce it offline too) and every affected lock gets its own LOCKDOWN command.
     */
    public List<CommandService.Dispatched> lockdown(PropertyId p, Caller caller, String zoneId, boolean on,
            String idempotencyKey) {
        CommandType type = on ? CommandType.LOCKDOWN_ON : CommandType.LOCKDOWN_OFF;
        record Affected(List<Lock> locks, boolean replay) {
        }
        Affected affected = tx.inProperty(p, () -> {
            List<Lock> targets;
            if (zoneId == null) {
                targets = locks.list(p);
            } else {
                locks.findZone(p, zoneId).orElseThrow(() -> new ResourceNotFound("zone", zoneId));
                targets = locks.inZone(p, zoneId);
            }
            // the key was used before: a replay changes nothing again, another request under it nothing at all
            var earlier = targets.stream().map(l -> commands.findByIdempotencyKey(p, idempotencyKey + "/" + l.lockId()))
                    .flatMap(java.util.Optional::stream).findFirst();
            if (earlier.isPresent()) {
                if (earlier.get().type() != type || !caller.subject().equals(earlier.get().issuedBy())) {
                    throw new RequestConflict("Idempotency-Key " + idempotencyKey
                            + " was already used for a different command");
                }
                return new Affected(targets, true);
            }
            if (zoneId == null) {
                properties.setLockdown(p, on);
            } else {
                locks.setZoneLockdown(p, zoneId, on);
            }
            auditRecorder.record(p, "LOCKDOWN_REQUESTED", Priority.SECURITY, caller.subject(), null, null,
                    Map.of("scope", zoneId == null ? "property" : "zone:" + zoneId, "on", Boolean.toString(on),
                            "locks", Integer.toString(targets.size())));
            return new Affected(targets, false);
        });
        if (!affected.replay()) {
            policy.publishSnapshot(p);
        }
        List<CommandService.Dispatched> result = new ArrayList<>();
        for (Lock lock : affected.locks()) {
            result.add(commandService.dispatch(p, caller, new CommandService.Dispatch(null, lock.lockId(), type,
                    Map.of(), null, idempotencyKey + "/" + lock.lockId())));
        }
        return result;
    }
}
