package com.nexefii.cloud.domain.model.audit;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audit record, append-only. Gateway events carry the gateway's id and sequence number; the
 * cloud's own records (API refusals, invalid MQTT messages, sequence gaps) have source CLOUD.
 */
public record AuditEvent(UUID eventId, PropertyId propertyId, Source source, String gatewayId, String lockId,
        Long seq, String type, Priority priority, Instant occurredAt, Instant receivedAt, String actor,
        UUID commandId, String outcome, Map<String, String> attributes) {

    public enum Source { GATEWAY, CLOUD }
}
