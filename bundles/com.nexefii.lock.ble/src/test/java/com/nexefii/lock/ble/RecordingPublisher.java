package com.nexefii.lock.ble;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/** Test fake: stamps and records events like the real publisher, without storage. */
final class RecordingPublisher implements LockEventPublisher {
    final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        LockEvent e = new LockEvent(UUID.randomUUID().toString(), propertyId(), gatewayId(), lockId,
                seq.incrementAndGet(), Instant.now(), type, attributes);
        events.add(e);
        return e;
    }

    List<LockEvent> ofType(LockEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @Override
    public String propertyId() {
        return "hotel-a";
    }

    @Override
    public String gatewayId() {
        return "gw-a1";
    }
}
