package com.nexefii.lock.api;

import java.util.Collection;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends a command to whichever {@link LockAdapter} owns its lock. The cloud connector and the local
 * API use this instead of tracking adapters themselves, so an adapter can be swapped at runtime
 * without either noticing.
 */
@ProviderType
public interface LockRouter {

    /**
     * Routes a command. Never completes exceptionally. When no adapter owns the lock, the result is
     * {@link Outcome#UNKNOWN_LOCK} and the router publishes its {@link LockEventType#COMMAND_RESULT}
     * event; otherwise the owning adapter publishes it. An expired command is not routed: the result
     * is {@link Outcome#EXPIRED}.
     */
    CompletionStage<LockResult> execute(LockCommand command);

    /** @return every lock of every adapter on this gateway */
    Collection<LockInfo> locks();
}
