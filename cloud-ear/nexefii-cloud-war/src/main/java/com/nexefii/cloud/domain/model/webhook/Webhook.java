package com.nexefii.cloud.domain.model.webhook;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An integrator's subscription to audit event types; deliveries are signed with its secret. */
public record Webhook(PropertyId propertyId, UUID webhookId, URI url, Set<String> eventTypes, String secret,
        boolean active, Instant createdAt) {

    public boolean wants(String eventType) {
        return active && (eventTypes.contains("*") || eventTypes.contains(eventType));
    }
}
