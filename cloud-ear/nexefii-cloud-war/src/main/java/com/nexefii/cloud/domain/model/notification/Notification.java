package com.nexefii.cloud.domain.model.notification;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification for one audience. {@code id} is null until the sequencer numbers it after the
 * commit of the transaction that created it; {@code payload} is the JSON the stream sends.
 */
public record Notification(PropertyId propertyId, Long id, UUID auditEventId, Audience audience, String kind,
        String payload, Instant createdAt) {
}
