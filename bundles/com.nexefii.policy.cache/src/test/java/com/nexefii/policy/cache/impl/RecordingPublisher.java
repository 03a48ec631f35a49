package com.nexefii.policy.cache.impl;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/** A publisher that keeps what it is given, or refuses it when told to. */
final class RecordingPublisher implements LockEventPublisher {

    final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String propertyId;
    volatile boolean failing;

    RecordingPublisher(String propertyId) {
        this.propertyId = propertyId;
    }

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        if (failing) {
            throw new IllegalStateException("event store unavailable");
        }
        LockEvent event = new LockEvent(UUID.randomUUID().toString(), propertyId, "gw-test", lockId,
                sequence.incrementAndGet(), Instant.now(), type, attributes);
        events.add(event);
        return event;
    }

    LockEvent last() {
        return events.get(events.size() - 1);
    }

    @Override
    public String propertyId() {
        return propertyId;
    }

    @Override
    public String gatewayId() {
        return "gw-test";
    }
}
