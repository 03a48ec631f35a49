package com.nexefii.lock.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: receives every stamped event synchronously, in sequence order, on the publishing
 * thread. Higher {@code service.ranking} listeners are called first; the durable event store
 * registers with the highest ranking so nothing is acknowledged before it is stored.
 *
 * <p>A listener registered with {@link #DURABLE}{@code =true} that throws makes
 * {@link LockEventPublisher#publish} throw: the event was not accepted. Failures of other listeners
 * are logged and counted, never passed to the publisher.
 */
@ConsumerType
public interface LockEventListener {

    /** Service property: this listener's acceptance is what makes an event durable. */
    String DURABLE = "nexefii.lock.event.durable";

    void onEvent(LockEvent event);
}
