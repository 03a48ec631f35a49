package com.nexefii.lock.zigbee;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/** Keeps every published event; can be told to refuse events, as a full or failing store would. */
final class RecordingPublisher implements LockEventPublisher {

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    volatile boolean refusing;

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        if (refusing) {
            throw new IllegalStateException("store refuses events");
        }
        LockEvent event = new LockEvent(UUID.randomUUID().toString(), "hotel-test", "gw-test", lockId,
                sequence.incrementAndGet(), Instant.now(), type, attributes);
        events.add(event);
        return event;
    }

    @Override
    public String propertyId() {
        return "hotel-test";
    }

    @Override
    public String gatewayId() {
        return "gw-test";
    }

    List<LockEvent> events() {
        return List.copyOf(events);
    }

    List<LockEvent> events(String lockId, LockEventType type) {
        return events.stream().filter(e -> type == e.type() && (lockId == null || lockId.equals(e.lockId()))).toList();
    }

    boolean has(String lockId, LockEventType type, Predicate<LockEvent> condition) {
        return events(lockId, type).stream().anyMatch(condition);
    }

    void clear() {
        events.clear();
    }
}
