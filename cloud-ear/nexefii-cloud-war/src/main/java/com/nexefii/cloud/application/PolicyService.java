package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.credential.CredentialRepository;
import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nexefii.cloud.domain.model.credential.Revocation;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.lock.Zone;
import com.nexefii.cloud.domain.model.property.Property;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.domain.model.stay.Stay;
import com.nexefii.cloud.domain.model.stay.StayRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and publishes the policy documents of the MQTT contract (channel {@code policy}): a
 * retained snapshot per gateway after every change, and for revocations a delta first, so an online
 * gateway denies a revoked key at once.
 */
@ApplicationScoped
public class PolicyService {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyService.class);
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Transactions tx;
    @Inject
    PropertyRepository properties;
    @Inject
    GatewayRepository gateways;
    @Inject
    LockRepository locks;
    @Inject
    StayRepository stays;
    @Inject
    CredentialRepository credentials;
    @Inject
    CredentialSigner signer;
    @Inject
    GatewayLink link;
    @Inject
    Clock clock;

    /** A snapshot at a new version, in the current transaction. */
    public Map<String, Object> newSnapshot(PropertyId propertyId) {
        long version = properties.nextPolicyVersion(propertyId);
        return snapshot(propertyId, version);
    }

    Map<String, Object> snapshot(PropertyId propertyId, long version) {
        Instant now = clock.instant();
        Property property = properties.find(propertyId).orElseThrow(() -> new ResourceNotFound("property", propertyId));
        Map<String, Object> doc = header("snapshot", propertyId, version, now);
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Stay stay : stays.activeAt(propertyId, now)) {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("grantId", stay.stayId().toString());
            grant.put("holder", stay.holder());
            grant.put("credentialIds", credentials.ofStay(propertyId, stay.stayId()).stream()
                    .filter(k -> !k.revoked()).map(MobileKey::credentialId).map(Object::toString).toList());
            grant.put("locks", stay.lockIds());
            grant.put("validFrom", stay.validFrom().toString());
            grant.put("validUntil", stay.validUntil().toString());
            grants.add(grant);
        }
        doc.put("grants", grants);
        doc.put("revocations", revocations(credentials.revocationsInForce(propertyId, now)));
        Map<String, List<String>> zones = new TreeMap<>();
        List<String> lockedDownZones = new ArrayList<>();
        for (Zone zone : locks.zones(propertyId)) {
            zones.put(zone.zoneId(), new ArrayList<>());
            if (zone.lockdown()) {
                lockedDownZones.add(zone.zoneId());
            }
        }
        for (Lock lock : locks.list(propertyId)) {
            if (lock.zoneId() != null) {
                zones.computeIfAbsent(lock.zoneId(), z -> new ArrayList<>()).add(lock.lockId());
            }
        }
        doc.put("zones", zones);
        List<Map<String, Object>> staffZones = new ArrayList<>();
        locks.staffZones(propertyId).forEach((role, roleZones) -> staffZones.add(Map.of("role", role, "zones", roleZones)));
        doc.put("staffZones", staffZones);
        doc.put("lockdown", Map.of("property", property.lockdown(), "zones", lockedDownZones));
        doc.put("keys", Map.of("keys", signer.publicKeys()));
        return doc;
    }

    /** Publishes a fresh snapshot to every gateway of the property. */
    public long publishSnapshot(PropertyId propertyId) {
        record Prepared(Map<String, Object> doc, List<String> gatewayIds) {
        }
        Prepared prepared = tx.inProperty(propertyId, () -> new Prepared(newSnapshot(propertyId),
                gateways.list(propertyId).stream().map(Gateway::gatewayId).toList()));
        byte[] bytes = JSON.toJson(prepared.doc()).getBytes(StandardCharsets.UTF_8);
        for (String gatewayId : prepared.gatewayIds()) {
            send(propertyId, gatewayId, bytes, true);
        }
        return ((Number) prepared.doc().get("version")).longValue();
    }

    /** Sends the current snapshot to one gateway (after its birth or a needSnapshot ack). */
    public void sendSnapshotTo(PropertyId propertyId, String gatewayId) {
        Map<String, Object> doc = tx.inProperty(propertyId, () -> {
            long version = properties.find(propertyId).map(Property::policyVersion).orElse(0L);
            return version == 0 ? newSnapshot(propertyId) : snapshot(propertyId, version);
        });
        send(propertyId, gatewayId, JSON.toJson(doc).getBytes(StandardCharsets.UTF_8), true);
    }

    /** Publishes a revocation delta at once, then the snapshot that includes it (retained for reconnects). */
    public void publishRevocation(PropertyId propertyId, Revocation revocation) {
        record Prepared(Map<String, Object> delta, Map<String, Object> snapshot, List<String> gatewayIds) {
        }
        Prepared prepared = tx.inProperty(propertyId, () -> {
            long version = properties.nextPolicyVersion(propertyId);
            Map<String, Object> delta = header("delta", propertyId, version, clock.instant());
            delta.put("fromVersion", version - 1);
            delta.put("revocations", revocations(List.of(revocation)));
            return new Prepared(delta, snapshot(propertyId, version),
                    gateways.list(propertyId).stream().map(Gateway::gatewayId).toList());
        });
        byte[] delta = JSON.toJson(prepared.delta()).getBytes(StandardCharsets.UTF_8);
        byte[] snapshot = JSON.toJson(prepared.snapshot()).getBytes(StandardCharsets.UTF_8);
        for (String gatewayId : prepared.gatewayIds()) {
            send(propertyId, gatewayId, delta, false);
            send(propertyId, gatewayId, snapshot, true);
        }
    }

    /** A gateway reported the version it applied; a stale or failed one gets the current snapshot. */
    public void acknowledged(PropertyId propertyId, String gatewayId, long appliedVersion, boolean needSnapshot) {
        long current = tx.inProperty(propertyId, () -> properties.find(propertyId).map(Property::policyVersion).orElse(0L));
        if (needSnapshot || appliedVersion < current) {
            LOG.info("Gateway {}/{} applied policy {} (current {}, needSnapshot={}): sending snapshot", propertyId,
                    gatewayId, appliedVersion, current, needSnapshot);
            sendSnapshotTo(propertyId, gatewayId);
        }
    }

    private void send(PropertyId propertyId, String gatewayId, byte[] document, boolean retained) {
        if (!link.connected()) {
            LOG.warn("Broker not connected: policy for {}/{} goes out on the gateway's next birth", propertyId, gatewayId);
            return;
        }
        link.sendPolicy(propertyId, gatewayId, document, retained).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Policy for {}/{} not accepted by the broker: {}", propertyId, gatewayId, failure.toString());
            }
        });
    }

    private static Map<String, Object> header(String kind, PropertyId propertyId, long version, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("v", 1);
        doc.put("kind", kind);
        doc.put("propertyId", propertyId.value());
        doc.put("version", version);
        doc.put("issuedAt", now.toString());
        return doc;
    }

    private static List<Map<String, Object>> revocations(List<Revocation> revocations) {
        return revocations.stream().map(r -> Map.<String, Object>of("credentialId", r.credentialId().toString(),
                "expiresAt", r.expiresAt().toString())).toList();
    }
}
