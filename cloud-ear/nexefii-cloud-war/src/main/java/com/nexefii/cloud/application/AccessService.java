package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditPage;
import com.nexefii.cloud.domain.model.audit.AuditQuery;
import com.nexefii.cloud.domain.model.audit.AuditRepository;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.domain.model.credential.CredentialRepository;
import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.stay.Stay;
import com.nexefii.cloud.domain.model.stay.StayRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What a guest (or any holder of a grant) does with their own access: keys, remote unlock, history. */
@ApplicationScoped
public class AccessService {

    @Inject
    Transactions tx;
    @Inject
    StayRepository stays;
    @Inject
    GatewayRepository gateways;
    @Inject
    CredentialRepository credentials;
    @Inject
    AuditRepository audit;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    RefusalRecorder refusals;
    @Inject
    CredentialSigner signer;
    @Inject
    CommandService commandService;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "nexefii.credential.lifetime", defaultValue = "PT1H")
    Duration keyLifetime;
    @Inject
    @ConfigProperty(name = "nexefii.credential.clock-skew", defaultValue = "PT30S")
    Duration clockSkew;

    public record IssuedKey(MobileKey key, String token) {
    }

    /** A stay of the caller's, with where its doors answer on the property network. */
    public record MyStay(Stay stay, Map<String, String> localApiUrls) {
    }

    /**
     * The caller's stays, each with the local API address of the gateway owning each of its locks
     * (where the gateway has one): the app opens those doors on the property network first.
     */
    public List<MyStay> myStays(Caller caller) {
        PropertyId p = caller.ownProperty();
        return tx.inProperty(p, () -> stays.ofHolder(p, caller.subject()).stream()
                .map(s -> new MyStay(s, gateways.localApiUrlsOfLocks(p, s.lockIds()))).toList());
    }

    public List<MobileKey> myKeys(Caller caller) {
        PropertyId p = caller.ownProperty();
        return tx.inProperty(p, () -> credentials.ofHolder(p, caller.subject()));
    }

    /**
     * Issues a mobile key for the caller's stay in force now: bound to the stay's locks, valid for
     * the configured lifetime but never beyond the stay.
     */
    public IssuedKey requestKey(Caller caller, UUID stayId) {
        PropertyId p = caller.ownProperty();
        MobileKey key;
        try {
            key = tx.inProperty(p, () -> {
                Instant now = clock.instant();
                Stay stay = activeStay(p, caller, stayId, now);
                Instant notBefore = now.minus(clockSkew).isBefore(stay.validFrom()) ? stay.validFrom() : now.minus(clockSkew);
                Instant expiresAt = now.plus(keyLifetime).isAfter(stay.validUntil()) ? stay.validUntil() : now.plus(keyLifetime);
                MobileKey k = new MobileKey(p, UUID.randomUUID(), stay.stayId(), caller.subject(), stay.lockIds(), notBefore,
                        expiresAt, now, null);
                credentials.add(k);
                auditRecorder.record(p, "MOBILE_KEY_ISSUED", Priority.SECURITY, caller.subject(), null, null,
                        Map.of("credentialId", k.credentialId().toString(), "stayId", stay.stayId().toString(),
                                "locks", String.join(",", stay.lockIds()), "expiresAt", expiresAt.toString()));
                return k;
            });
        } catch (ActionNotAllowed | ResourceNotFound refused) {
            // decided inside the (rolled back) key transaction; the refusal is audited in its own
            refusals.record(new RefusalRecorder.Refusal(p, "ACCESS_REQUEST_DENIED", caller.subject(), null,
                    stayId == null ? "mobile key" : "mobile key for stay " + stayId, refused.getMessage(), Map.of()));
            throw refused.audited();
        }
        return new IssuedKey(key, signer.sign(key));
    }

    public CommandService.Dispatched remoteUnlock(Caller caller, String lockId, String idempotencyKey) {
        PropertyId p = caller.ownProperty();
        boolean allowed = tx.inProperty(p, () -> {
            Instant now = clock.instant();
            return stays.ofHolder(p, caller.subject()).stream().anyMatch(s -> s.allows(lockId, now));
        });
        if (!allowed) {
            refusals.record(new RefusalRecorder.Refusal(p, "REMOTE_UNLOCK_DENIED", caller.subject(), lockId,
                    "unlock " + lockId, "no stay in force grants this lock", Map.of()));
            throw new ActionNotAllowed("no stay in force grants lock " + lockId).audited();
        }
        try {
            return commandService.dispatch(p, caller, new CommandService.Dispatch(null, lockId, CommandType.UNLOCK,
                    Map.of(), null, idempotencyKey));
        } catch (ResourceNotFound | ActionNotAllowed refused) {
            // the stay names a lock (or gateway) the property does not know (any more)
            refusals.record(new RefusalRecorder.Refusal(p, "REMOTE_UNLOCK_DENIED", caller.subject(), lockId,
                    "unlock " + lockId, refused.getMessage(), Map.of()));
            throw refused.audited();
        }
    }

    public AuditPage myHistory(Caller caller, int offset, int limit) {
        PropertyId p = caller.ownProperty();
        return tx.inProperty(p, () -> audit.query(p, new AuditQuery(null, null, null, caller.subject(), null, null,
                null, offset, limit)));
    }

    private Stay activeStay(PropertyId p, Caller caller, UUID stayId, Instant now) {
        List<Stay> mine = stays.ofHolder(p, caller.subject());
        if (stayId != null) {
            Stay stay = mine.stream().filter(s -> s.stayId().equals(stayId)).findFirst()
                    .orElseThrow(() -> new ResourceNotFound("stay", stayId));
            if (!stay.activeAt(now)) {
                throw new ActionNotAllowed("stay " + stayId + " is not in force now");
            }
            return stay;
        }
        return mine.stream().filter(s -> s.activeAt(now)).max(Comparator.comparing(Stay::validUntil))
                .orElseThrow(() -> new ActionNotAllowed("no stay in force for " + caller.subject()));
    }
}
