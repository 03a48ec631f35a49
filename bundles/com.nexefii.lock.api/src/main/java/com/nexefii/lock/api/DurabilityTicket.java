package com.nexefii.lock.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Phase two of the durable hand-over (see {@link DurableLockEventListener}): what the publisher
 * waits on, outside its ordering lock, before it tells anyone else about an event.
 */
@ConsumerType
@FunctionalInterface
public interface DurabilityTicket {

    /** A ticket for an event that is as durable as it will get when {@code stage} returns. */
    DurabilityTicket DONE = () -> { };

    /**
     * Blocks until the staged event is durable. Called once, on the publishing thread, without the
     * publisher's lock, so that concurrent publishers can share one flush. Waits uninterruptibly:
     * an interrupt is kept for the caller, never turned into a lost event.
     *
     * @throws RuntimeException when the event could not be made durable: the publish fails
     */
    void awaitDurable();
}
