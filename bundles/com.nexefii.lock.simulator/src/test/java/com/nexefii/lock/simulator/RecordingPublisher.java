package com.nexefii.lock.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/** Stands in for the gateway's publisher: stamps like it and remembers everything. */
final class RecordingPublisher implements LockEventPublisher {

    final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public synchronized LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        LockEvent event = new LockEvent(UUID.randomUUID().toString(), propertyId(), gatewayId(), lockId,
                sequence.incrementAndGet(), Instant.now(), type, attributes);
        events.add(event);
        return event;
    }

    List<LockEventType> types(String lockId) {
        return events.stream().filter(e -> lockId.equals(e.lockId())).map(LockEvent::type).toList();
    }

    List<LockEvent> results() {
        return events.stream().filter(e -> e.type() == LockEventType.COMMAND_RESULT).toList();
    }

    @Override
    public String propertyId() {
        return "hotel-test";
    }

    @Override
    public String gatewayId() {
        return "gw-test";
    }
}
