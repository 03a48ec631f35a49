package com.nexefii.event.store.log;

import java.io.IOException;
import java.time.Clock;

import com.nexefii.event.store.EventStore;
import com.nexefii.lock.api.LockEventListener;

/**
 * BENCHMARK FIXTURE: the event store component (the publisher's durable listener) outside OSGi, for
 * scenario 2's publisher path. In the store's package because its activation is package-private:
 * inside the framework SCR activates it.
 */
public final class BenchEventStore implements AutoCloseable {

    private final EventStoreComponent component = new EventStoreComponent();

    public BenchEventStore(EventStoreOptions options) throws IOException {
        component.activateWith(options, Clock.systemUTC());
    }

    /** @return the store as the publisher sees it */
    public LockEventListener listener() {
        return component;
    }

    public EventStore store() {
        return component;
    }

    @Override
    public void close() {
        component.deactivate();
    }
}
