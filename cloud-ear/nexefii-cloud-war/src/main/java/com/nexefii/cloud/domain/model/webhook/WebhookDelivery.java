package com.nexefii.cloud.domain.model.webhook;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.UUID;

public record WebhookDelivery(PropertyId propertyId, UUID deliveryId, UUID webhookId, UUID eventId, String eventType,
        String payload, DeliveryStatus status, int attempts, Instant nextAttemptAt, Integer lastStatusCode,
        String lastError, Instant createdAt, Instant deliveredAt) {
}
