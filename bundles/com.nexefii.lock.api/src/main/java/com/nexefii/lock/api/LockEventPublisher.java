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
