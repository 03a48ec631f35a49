package com.nexefii.lock.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's single entry point for events. Adapters and gateway services describe what
 * happened; the publisher gives it an id, the property and gateway ids and the next sequence
 * number, then delivers it.
 */
@ProviderType
public interface LockEventPublisher {

    /**
     * Stamps and delivers an event. When this returns, every {@link LockEventListener} has
     * accepted the event (the durable store has appended it).
     *
     * @param lockId the lock, or {@code null} for gateway-level events
     * @param type what happened
     * @param attributes type-specific details; never secrets
     * @return the stamped event
     */
    LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes);

    /**
     * Stamps and delivers an event whose source names it for good: {@code eventKey} identifies one
     * occurrence, the same every time the source delivers it (for a TCP lock controller: adapter id,
     * controller id, event epoch and the controller's event sequence number). The event's id is then
     * {@link LockEvent#idFor(String, String, String) LockEvent.idFor}{@code (propertyId(), gatewayId(),
     * eventKey)}, on every call and across restarts, instead of a random one. An occurrence stored and
     * then delivered again (a crash between the store's append and the source's acknowledgement) thus
     * carries one event id, and the cloud's ingest, idempotent by event id, keeps it once. It still
     * gets the next sequence number: the key never suppresses an event here.
     *
     * <p>The default, for publishers built against 1.1 (test fakes; an OSGi provider is rebuilt with
     * its minor version), ignores the key and gives a random id, as before.
     *
     * @param eventKey the source's name of this occurrence, non-empty; {@code null} for a random id
     * @since 1.2
     */
    default LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes, String eventKey) {
        return publish(lockId, type, attributes);
    }

    /** Publishes the {@link LockEventType#COMMAND_RESULT} event of a command. */
    default LockEvent publishResult(LockCommand command, LockResult result) {
        Map<String, String> attributes = new java.util.HashMap<>();
        attributes.put("commandId", command.commandId());
        attributes.put("commandType", command.type().name());
        attributes.put("outcome", result.outcome().name());
        if (result.detail() != null) {
            attributes.put("detail", result.detail());
        }
        if (command.requestedBy() != null) {
            attributes.put("requestedBy", command.requestedBy());
        }
        return publish(command.lockId(), LockEventType.COMMAND_RESULT, attributes);
    }

    /** @return the property (tenant) id this gateway serves */
    String propertyId();

    /** @return this gateway's id */
    String gatewayId();
}
