package com.nexefii.event.store;

import java.util.Objects;

import com.nexefii.lock.api.LockEvent;

/**
 * An event as the store holds it.
 *
 * @param offset the store's append position of the event, see {@link EventStore}
 * @param event the event
 */
public record StoredEvent(long offset, LockEvent event) {

    public StoredEvent {
        Objects.requireNonNull(event, "event");
    }
}
