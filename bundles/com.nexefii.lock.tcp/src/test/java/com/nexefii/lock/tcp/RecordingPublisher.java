package com.nexefii.lock.tcp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/** A publisher that keeps what it accepted and can refuse, as a full durable store would. */
final class RecordingPublisher implements LockEventPublisher {

    final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger refuseNext = new AtomicInteger();

    /** The next {@code count} publish calls throw, as when the durable listener refuses. */
    void refuseNext(int count) {
        refuseNext.set(count);
    }

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("durable store refused (test)");
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

    List<LockEvent> ofType(LockEventType type) {
        return events.stream().filter(e -> e.type() == type).collect(Collectors.toList());
    }

    List<LockEvent> of(String lockId, LockEventType type) {
        return events.stream().filter(e -> e.type() == type && lockId.equals(e.lockId())).collect(Collectors.toList());
    }

    List<LockEvent> resultsOf(String commandId) {
        return events.stream()
                .filter(e -> e.type() == LockEventType.COMMAND_RESULT && commandId.equals(e.attributes().get("commandId")))
                .collect(Collectors.toList());
    }
}
