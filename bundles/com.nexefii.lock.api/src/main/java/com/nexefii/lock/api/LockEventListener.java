package com.nexefii.lock.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: receives every stamped event synchronously, in sequence order, before
 * {@link LockEventPublisher#publish} returns. Durable listeners ({@link #DURABLE}{@code =true}) are
 * called first, under the publisher's ordering lock; every other listener hears of an event only
 * once the durable ones have made it durable, on one of the publishing threads (not necessarily the
 * event's own), in sequence order. Within each group, higher {@code service.ranking} listeners are
 * called first.
 *
 * <p>A listener registered with {@link #DURABLE}{@code =true} that throws makes
 * {@link LockEventPublisher#publish} throw: the event was not accepted. Failures of other listeners
 * are logged and counted, never passed to the publisher. A durable listener that also implements
 * {@link DurableLockEventListener} lets concurrent publishers share its flushes.
 */
@ConsumerType
public interface LockEventListener {

    /** Service property: this listener's acceptance is what makes an event durable. */
    String DURABLE = "nexefii.lock.event.durable";

    void onEvent(LockEvent event);
}
