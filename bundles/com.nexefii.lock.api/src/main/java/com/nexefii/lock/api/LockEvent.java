package com.nexefii.lock.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something a lock or the gateway reported, stamped with its gateway-wide identity.
 *
 * @param eventId globally unique (UUID); the cloud's ingest is idempotent by it
 * @param propertyId the hotel (tenant) this gateway serves
 * @param gatewayId the gateway that observed it
 * @param lockId the lock, or {@code null} for gateway-level events
 * @param sequence monotonic per gateway, across restarts, never reordered; contiguous while the
 *     durable store is bound (a gap only when numbers were handed out without it)
 * @param timestamp when it was observed
 * @param type what happened
 * @param attributes type-specific details (see {@link LockEventType}); never secrets
 */
public record LockEvent(String eventId, String propertyId, String gatewayId, String lockId, long sequence,
        Instant timestamp, LockEventType type, Map<String, String> attributes) {

    /** EventAdmin topic prefix; the full topic is this plus the {@link LockEventType} name. */
    public static final String TOPIC_PREFIX = "com/nexefii/lock/event/";

    /** EventAdmin property holding the {@link LockEvent} itself. */
    public static final String EVENT_PROPERTY = "nexefii.lock.event";

    public LockEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(propertyId, "propertyId");
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(type, "type");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * The event id of an occurrence its source names with {@code eventKey} (see
     * {@link LockEventPublisher#publish(String, LockEventType, Map, String)}): a name-based UUID of the
     * property, the gateway and the key, so it is the same on every publish and unique per gateway.
     *
     * @since 1.2
     */
    public static String idFor(String propertyId, String gatewayId, String eventKey) {
        Objects.requireNonNull(propertyId, "propertyId");
        Objects.requireNonNull(gatewayId, "gatewayId");
        if (eventKey == null || eventKey.isEmpty()) {
            throw new IllegalArgumentException("eventKey must not be empty");
        }
        // the lengths keep ("a/b", "c") and ("a", "b/c") apart
        String name = "nexefii-event/" + propertyId.length() + ":" + propertyId + "/" + gatewayId.length() + ":"
                + gatewayId + "/" + eventKey;
        return java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    public Priority priority() {
        return type.priority();
    }

    /** @return the EventAdmin topic of this event */
    public String topic() {
        return TOPIC_PREFIX + type.name();
    }
}
