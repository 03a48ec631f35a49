package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.webhook.DeliveryStatus;
import com.nexefii.cloud.domain.model.webhook.Webhook;
import com.nexefii.cloud.domain.model.webhook.WebhookDelivery;
import com.nexefii.cloud.domain.model.webhook.WebhookRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Integrators' webhook subscriptions; deliveries are queued in the ingest transaction and sent by the dispatcher. */
@ApplicationScoped
public class WebhookService {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Transactions tx;
    @Inject
    WebhookRepository webhooks;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    Clock clock;
    @Inject
    WebhookTargets targets;

    public Webhook subscribe(PropertyId p, Caller caller, URI url, Set<String> eventTypes) {
        targets.check(url);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Webhook webhook = new Webhook(p, UUID.randomUUID(), url, Set.copyOf(eventTypes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret), true, clock.instant());
        tx.inPropertyRun(p, () -> {
            webhooks.add(webhook);
            auditRecorder.record(p, "WEBHOOK_SUBSCRIBED", Priority.SECURITY, caller.subject(), null, null,
                    Map.of("webhookId", webhook.webhookId().toString(), "url", url.toString()));
        });
        return webhook;
    }

    public List<Webhook> list(PropertyId p) {
        return tx.inProperty(p, () -> webhooks.list(p));
    }

    public void unsubscribe(PropertyId p, Caller caller, UUID webhookId) {
        tx.inPropertyRun(p, () -> {
            webhooks.find(p, webhookId).orElseThrow(() -> new ResourceNotFound("webhook", webhookId));
            webhooks.deactivate(p, webhookId);
            auditRecorder.record(p, "WEBHOOK_UNSUBSCRIBED", Priority.NORMAL, caller.subject(), null, null,
                    Map.of("webhookId", webhookId.toString()));
        });
    }

    public List<WebhookDelivery> deliveries(PropertyId p, UUID webhookId, int limit) {
        return tx.inProperty(p, () -> {
            webhooks.find(p, webhookId).orElseThrow(() -> new ResourceNotFound("webhook", webhookId));
            return webhooks.deliveries(p, webhookId, limit);
        });
    }

    /** Queues deliveries of new events, in the caller's (ingest) transaction, so none is lost. */
    public void enqueue(PropertyId p, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Webhook> active = webhooks.list(p).stream().filter(Webhook::active).toList();
        for (AuditEvent e : events) {
            for (Webhook w : active) {
                if (w.wants(e.type())) {
                    webhooks.addDelivery(new WebhookDelivery(p, UUID.randomUUID(), w.webhookId(), e.eventId(), e.type(),
                            payload(e), DeliveryStatus.PENDING, 0, clock.instant(), null, null, clock.instant(), null));
                }
            }
        }
    }

    static String payload(AuditEvent e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", e.eventId().toString());
        body.put("propertyId", e.propertyId().value());
        body.put("type", e.type());
        body.put("priority", e.priority().name());
        body.put("occurredAt", e.occurredAt().toString());
        if (e.gatewayId() != null) {
            body.put("gatewayId", e.gatewayId());
        }
        if (e.lockId() != null) {
            body.put("lockId", e.lockId());
        }
        if (e.seq() != null) {
            body.put("seq", e.seq());
        }
        if (e.actor() != null) {
            body.put("actor", e.actor());
        }
        if (e.commandId() != null) {
            body.put("commandId", e.commandId().toString());
        }
        if (e.outcome() != null) {
            body.put("outcome", e.outcome());
        }
        body.put("attributes", e.attributes());
        return JSON.toJson(body);
    }
}
