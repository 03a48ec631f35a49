package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.gateway.GatewayStatus;
import com.nexefii.cloud.domain.model.gateway.LocalApiUrl;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.infrastructure.persistence.PersistenceFailure;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Device manager: gateway registration, health from birth/last-will, lock inventory. */
@ApplicationScoped
public class GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

    @Inject
    Transactions tx;
    @Inject
    GatewayRepository gateways;
    @Inject
    LockRepository locks;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    CommandService commandService;
    @Inject
    PolicyService policy;
    @Inject
    PropertyRepository properties;

    public record InventoryItem(String lockId, String protocol, String model, String bolt, String door,
            Integer batteryPercent, Boolean online) {
    }

    public Gateway register(PropertyId p, Caller caller, String gatewayId, String certFingerprint) {
        try {
            return tx.inProperty(p, () -> {
                if (gateways.find(p, gatewayId).isPresent()) {
                    throw new RequestConflict("gateway " + gatewayId + " is already registered");
                }
                gateways.add(p, gatewayId, certFingerprint);
                auditRecorder.record(p, "GATEWAY_REGISTERED", Priority.SECURITY, caller.subject(), null, null,
                        Map.of("gatewayId", gatewayId, "certFingerprint", certFingerprint));
                return gateways.find(p, gatewayId).orElseThrow();
            });
        } catch (PersistenceFailure e) {
            if (e.uniqueViolation()) {
                throw new RequestConflict("this certificate is registered for another gateway");
            }
            throw e;
        }
    }

    /**
     * Sets (or, with null, clears) where the gateway's local API answers on the property network;
     * audited. Guests whose stay has a lock of this gateway get it with their stays.
     */
    public Gateway setLocalApiUrl(PropertyId p, Caller caller, String gatewayId, String url) {
        String checked;
        try {
            checked = url == null ? null : LocalApiUrl.check(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("localApiUrl " + e.getMessage());
        }
        return tx.inProperty(p, () -> {
            if (gateways.find(p, gatewayId).isEmpty()) {
                throw new ResourceNotFound("gateway", gatewayId);
            }
            gateways.setLocalApiUrl(p, gatewayId, checked);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("gatewayId", gatewayId);
            attributes.put("localApiUrl", checked == null ? "" : checked);
            auditRecorder.record(p, "GATEWAY_LOCAL_API_URL_SET", Priority.NORMAL, caller.subject(), null, null, attributes);
            return gateways.find(p, gatewayId).orElseThrow();
        });
    }

    public List<Gateway> list(PropertyId p) {
        return tx.inProperty(p, () -> gateways.list(p));
    }

    public Gateway get(PropertyId p, String gatewayId) {
        return tx.inProperty(p, () -> gateways.find(p, gatewayId))
                .orElseThrow(() -> new ResourceNotFound("gateway", gatewayId));
    }

    public List<Lock> inventory(PropertyId p, String gatewayId) {
        get(p, gatewayId);
        return tx.inProperty(p, () -> locks.list(p).stream().filter(l -> gatewayId.equals(l.gatewayId())).toList());
    }

    /** Birth (ONLINE) or last will (OFFLINE) from the gateway's retained status topic. */
    public void statusReceived(PropertyId p, String gatewayId, boolean online, Map<String, String> versions,
            Long policyVersion, Instant at) {
        Optional<GatewayStatus> before = tx.inProperty(p, () -> {
            Optional<GatewayStatus> previous = gateways.updateStatus(p, gatewayId,
                    online ? GatewayStatus.ONLINE : GatewayStatus.OFFLINE, versions, at);
            if (previous.isPresent() && previous.get() != (online ? GatewayStatus.ONLINE : GatewayStatus.OFFLINE)) {
                auditRecorder.record(p, online ? "GATEWAY_ONLINE" : "GATEWAY_OFFLINE",
                        online ? Priority.NORMAL : Priority.SECURITY, null, null, null, Map.of("gatewayId", gatewayId));
            }
            return previous;
        });
        if (before.isEmpty()) {
            throw new ResourceNotFound("gateway", gatewayId);
        }
        LOG.info("Gateway {}/{} is {}", p, gatewayId, online ? "ONLINE" : "OFFLINE");
        if (online) {
            long current = tx.inProperty(p, () -> properties.find(p).map(x -> x.policyVersion()).orElse(0L));
            if (policyVersion == null || policyVersion < current || current == 0) {
                policy.sendSnapshotTo(p, gatewayId);
            }
            commandService.gatewayOnline(p, gatewayId);
        }
    }

    public void inventoryReceived(PropertyId p, String gatewayId, List<InventoryItem> items, Instant at) {
        tx.inPropertyRun(p, () -> {
            gateways.find(p, gatewayId).orElseThrow(() -> new ResourceNotFound("gateway", gatewayId));
            for (InventoryItem item : items) {
                Optional<Lock> existing = locks.find(p, item.lockId());
                if (existing.isPresent() && !gatewayId.equals(existing.get().gatewayId())) {
                    LOG.warn("Gateway {}/{} reports lock {} owned by gateway {}: moving it", p, gatewayId,
                            item.lockId(), existing.get().gatewayId());
                }
                locks.upsertFromInventory(p, gatewayId, item.lockId(), item.protocol(), item.model(), null, at);
                Integer battery = item.batteryPercent() == null || item.batteryPercent() < 0 ? null : item.batteryPercent();
                locks.updateState(p, item.lockId(), item.bolt(), item.door(), battery, item.online(), at);
            }
            gateways.touch(p, gatewayId, at);
        });
    }
}
