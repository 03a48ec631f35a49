package com.nexefii.lock.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * A {@link LockEventPublisher} for unit tests: stamps events like the real one (UUID, property,
 * gateway, next sequence) and remembers them; can refuse events as the real publisher does when its
 * durable store refuses.
 */
public final class RecordingPublisher implements LockEventPublisher {

    private final String propertyId;
    private final String gatewayId;
    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private volatile boolean refusing;

    /** Property {@code hotel-test}, gateway {@code gw-test}. */
    public RecordingPublisher() {
        this("hotel-test", "gw-test");
    }

    public RecordingPublisher(String propertyId, String gatewayId) {
        this.propertyId = propertyId;
        this.gatewayId = gatewayId;
    }

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        return publish(lockId, type, attributes, null);
    }

    /** Like the real publisher: the id derived from {@code eventKey} when there is one. */
    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes, String eventKey) {
        if (refusing || refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("durable store refused the event (test)");
        }
        String eventId = eventKey == null ? UUID.randomUUID().toString()
                : LockEvent.idFor(propertyId, gatewayId, eventKey);
        LockEvent event = new LockEvent(eventId, propertyId, gatewayId, lockId,
                sequence.incrementAndGet(), Instant.now(), type, attributes);
        events.add(event);
        return event;
    }

    @Override
    public String propertyId() {
        return propertyId;
    }

    @Override
    public String gatewayId() {
        return gatewayId;
    }

    /** While {@code true}, every publish throws. */
    public void refusing(boolean refusing) {
        this.refusing = refusing;
    }

    /** The next {@code count} publish calls throw. */
    public void refuseNext(int count) {
        refuseNext.set(count);
    }

    public List<LockEvent> events() {
        return List.copyOf(events);
    }

    public List<LockEvent> ofType(LockEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Events of one lock (any lock when {@code lockId} is null) and type. */
    public List<LockEvent> of(String lockId, LockEventType type) {
        return events.stream().filter(e -> e.type() == type && (lockId == null || lockId.equals(e.lockId()))).toList();
    }

    public List<LockEventType> types(String lockId) {
        return events.stream().filter(e -> lockId.equals(e.lockId())).map(LockEvent::type).toList();
    }

    public boolean has(String lockId, LockEventType type, Predicate<LockEvent> condition) {
        return of(lockId, type).stream().anyMatch(condition);
    }

    public List<LockEvent> results() {
        return ofType(LockEventType.COMMAND_RESULT);
    }

    public List<LockEvent> resultsOf(String commandId) {
        return results().stream().filter(e -> commandId.equals(e.attributes().get("commandId"))).toList();
    }

    public LockEvent last() {
        return events.get(events.size() - 1);
    }

    public void clear() {
        events.clear();
    }
}
