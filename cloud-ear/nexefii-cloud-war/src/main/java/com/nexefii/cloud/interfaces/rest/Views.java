package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.AuditPage;
import com.nexefii.cloud.domain.model.command.Command;
import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.Zone;
import com.nexefii.cloud.domain.model.property.Property;
import com.nexefii.cloud.domain.model.stay.Stay;
import com.nexefii.cloud.domain.model.webhook.Webhook;
import com.nexefii.cloud.domain.model.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON representations of the aggregates (ids as plain strings, secrets never included). */
public final class Views {

    private Views() {
    }

    public record PropertyView(String propertyId, String name, boolean lockdown, long policyVersion, Instant createdAt) {
        public static PropertyView of(Property p) {
            return new PropertyView(p.id().value(), p.name(), p.lockdown(), p.policyVersion(), p.createdAt());
        }
    }

    public record LockView(String lockId, String gatewayId, String zoneId, String protocol, String model,
            String boltState, String doorState, Integer batteryPercent, boolean online, Instant updatedAt) {
        public static LockView of(Lock l) {
            return new LockView(l.lockId(), l.gatewayId(), l.zoneId(), l.protocol(), l.model(), l.boltState(),
                    l.doorState(), l.batteryPercent(), l.online(), l.updatedAt());
        }
    }

    public record ZoneView(String zoneId, String name, String kind, boolean lockdown) {
        public static ZoneView of(Zone z) {
            return new ZoneView(z.zoneId(), z.name(), z.kind(), z.lockdown());
        }
    }

    public record CommandView(String commandId, String propertyId, String gatewayId, String lockId, String type,
            Map<String, String> params, String state, String outcome, String issuedBy, Instant issuedAt,
            Instant expiresAt, Instant sentAt, Instant completedAt) {
        public static CommandView of(Command c) {
            return new CommandView(c.commandId().toString(), c.propertyId().value(), c.gatewayId(), c.lockId(),
                    c.type().name(), c.params(), c.state().name(), c.outcome() == null ? null : c.outcome().name(),
                    c.issuedBy(), c.issuedAt(), c.expiresAt(), c.sentAt(), c.completedAt());
        }
    }

    public record StayView(String stayId, String holder, String roomZoneId, List<String> lockIds, Instant validFrom,
            Instant validUntil, String status) {
        public static StayView of(Stay s) {
            return new StayView(s.stayId().toString(), s.holder(), s.roomZoneId(), s.lockIds(), s.validFrom(),
                    s.validUntil(), s.status().name());
        }
    }

    public record MyStayView(String stayId, String holder, String roomZoneId, List<String> lockIds, Instant validFrom,
            Instant validUntil, String status, Map<String, String> localApiUrls) {
        public static MyStayView of(Stay s, Map<String, String> localApiUrls) {
            return new MyStayView(s.stayId().toString(), s.holder(), s.roomZoneId(), s.lockIds(), s.validFrom(),
                    s.validUntil(), s.status().name(), localApiUrls);
        }
    }

    public record KeyView(String credentialId, String stayId, String holder, List<String> lockIds, Instant notBefore,
            Instant expiresAt, Instant issuedAt, Instant revokedAt) {
        public static KeyView of(MobileKey k) {
            return new KeyView(k.credentialId().toString(), k.stayId() == null ? null : k.stayId().toString(),
                    k.holder(), k.lockIds(), k.notBefore(), k.expiresAt(), k.issuedAt(), k.revokedAt());
        }
    }

    public record IssuedKeyView(String credential, String credentialId, List<String> lockIds, Instant notBefore,
            Instant expiresAt) {
    }

    public record GatewayView(String gatewayId, String certFingerprint, String status, Instant lastSeen,
            Map<String, String> versions, Long lastSeq, long seqGaps, long duplicates, Instant registeredAt,
            String localApiUrl) {
        public static GatewayView of(Gateway g) {
            return new GatewayView(g.gatewayId(), g.certFingerprint(), g.status().name(), g.lastSeen(), g.versions(),
                    g.lastSeq(), g.seqGaps(), g.duplicates(), g.registeredAt(), g.localApiUrl());
        }
    }

    public record AuditView(String eventId, String source, String gatewayId, String lockId, Long seq, String type,
            String priority, Instant occurredAt, Instant receivedAt, String actor, String commandId, String outcome,
            Map<String, String> attributes) {
        public static AuditView of(AuditEvent e) {
            return new AuditView(e.eventId().toString(), e.source().name(), e.gatewayId(), e.lockId(), e.seq(),
                    e.type(), e.priority().name(), e.occurredAt(), e.receivedAt(), e.actor(),
                    e.commandId() == null ? null : e.commandId().toString(), e.outcome(), e.attributes());
        }
    }

    public record AuditPageView(List<AuditView> items, long total, int offset, int limit) {
        public static AuditPageView of(AuditPage p) {
            return new AuditPageView(p.items().stream().map(AuditView::of).toList(), p.total(), p.offset(), p.limit());
        }
    }

    public record WebhookView(String webhookId, String url, Set<String> eventTypes, boolean active, Instant createdAt,
            String secret) {
        /** The secret is shown once, in the answer to the subscription. */
        public static WebhookView of(Webhook w, boolean withSecret) {
            return new WebhookView(w.webhookId().toString(), w.url().toString(), w.eventTypes(), w.active(),
                    w.createdAt(), withSecret ? w.secret() : null);
        }
    }

    public record DeliveryView(String deliveryId, String eventId, String eventType, String status, int attempts,
            Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt) {
        public static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.deliveryId().toString(), d.eventId().toString(), d.eventType(), d.status().name(),
                    d.attempts(), d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.createdAt(), d.deliveredAt());
        }
    }
}
