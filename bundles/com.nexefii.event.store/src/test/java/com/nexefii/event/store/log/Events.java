package com.nexefii.event.store.log;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;

/** Builds stamped events the way the publisher would. */
final class Events {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Events() {
    }

    static LockEvent of(LockEventType type) {
        return of(type, Map.of("n", Long.toString(SEQUENCE.get() + 1)));
    }

    static LockEvent of(LockEventType type, Map<String, String> attributes) {
        return new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", "sim-a-101", SEQUENCE.incrementAndGet(),
                Instant.now(), type, attributes);
    }

    static LockEvent telemetry() {
        return of(LockEventType.BATTERY_LEVEL, Map.of("percent", "80"));
    }

    static LockEvent normal() {
        return of(LockEventType.UNLOCKED, Map.of("credentialId", "mk-1", "method", "mobile-key"));
    }

    static LockEvent security() {
        return of(LockEventType.DOOR_FORCED, Map.of());
    }
}
