package com.nexefii.cloud.domain.model.webhook;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface WebhookRepository {

    void add(Webhook webhook);

    Optional<Webhook> find(PropertyId propertyId, UUID webhookId);

    List<Webhook> list(PropertyId propertyId);

    void deactivate(PropertyId propertyId, UUID webhookId);

    void addDelivery(WebhookDelivery delivery);

    List<WebhookDelivery> dueDeliveries(PropertyId propertyId, Instant now, int limit);

    void recordAttempt(PropertyId propertyId, UUID deliveryId, DeliveryStatus status, Integer statusCode,
            String error, Instant nextAttemptAt, Instant at);

    /** Pushes a due delivery's next attempt out while it is being sent. */
    void recordLease(PropertyId propertyId, UUID deliveryId, Instant leaseUntil);

    List<WebhookDelivery> deliveries(PropertyId propertyId, UUID webhookId, int limit);
}
