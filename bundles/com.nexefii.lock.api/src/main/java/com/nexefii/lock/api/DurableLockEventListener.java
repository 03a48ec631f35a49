package com.nexefii.lock.api;

import java.util.OptionalLong;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A durable listener (registered as a {@link LockEventListener} service with
 * {@link LockEventListener#DURABLE}{@code =true}) that accepts events in two phases, so that many
 * concurrent publishers can share one flush of the disk while the order of sequence numbers stays
 * the order in which the listener keeps the events:
 * <ol>
 * <li>{@link #stage}: called under the publisher's ordering lock, in strictly rising sequence order.
 * The listener fixes the event's place (for a log: writes it to the page cache) and returns at
 * once, without waiting for the disk.</li>
 * <li>{@link DurabilityTicket#awaitDurable()}: called by the same publishing thread after it has
 * released the ordering lock; returns when the event is durable.</li>
 * </ol>
 * Only after phase two do non-durable listeners hear of the event and does
 * {@link LockEventPublisher#publish} return. A listener that stages event {@code n} must never make
 * it durable before the events it staged earlier.
 *
 * <p>The publisher also asks it where the gateway's sequence stands ({@link #lastSequence()}), so
 * that numbers continue without a gap after a restart.
 *
 * <p>Publishers that predate this interface call {@link #onEvent} and get one-phase delivery.
 *
 * @since 1.1
 */
@ConsumerType
public interface DurableLockEventListener extends LockEventListener {

    /**
     * Phase one: takes the event's place in order. Must not block on I/O completion.
     *
     * @return what the publisher waits on for durability; {@link DurabilityTicket#DONE} when the
     *     event needs no more waiting
     * @throws RuntimeException when the event is refused: the publish fails and nobody else hears of it
     */
    DurabilityTicket stage(LockEvent event);

    /**
     * The highest sequence number of any event this listener has kept, including events it has
     * since forwarded and removed; read by the publisher when it starts.
     *
     * @return empty when the listener cannot know (for example a new or emptied store): the
     *     publisher then falls back to its own reserved numbers
     */
    default OptionalLong lastSequence() {
        return OptionalLong.empty();
    }

    /** One-phase delivery for publishers that do not know this interface. */
    @Override
    default void onEvent(LockEvent event) {
        stage(event).awaitDurable();
    }
}
