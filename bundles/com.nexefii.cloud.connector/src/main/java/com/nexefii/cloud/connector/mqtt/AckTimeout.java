package com.nexefii.cloud.connector.mqtt;

import java.time.Duration;

/**
 * How long the oldest forwarded event may wait for the cloud's {@code evt/ack} before everything
 * unacknowledged is sent again. It doubles after each expiry without progress, up to 16 times the
 * configured value, and is back to that value on the next acknowledgement: a cloud that is merely
 * slow (a fleet replaying at once) must not be flooded with resends of the windows it is still
 * working through. Thread-safe.
 */
final class AckTimeout {

    static final int MAX_FACTOR = 16;

    private final long baseNanos;
    private volatile long currentNanos;

    AckTimeout(Duration base) {
        this.baseNanos = base.toNanos();
        this.currentNanos = baseNanos;
    }

    long nanos() {
        return currentNanos;
    }

    /** The timeout expired and the events go out again: wait longer next time. */
    void expired() {
        currentNanos = Math.min(currentNanos * 2, baseNanos * MAX_FACTOR);
    }

    /** The cloud acknowledged something: it is alive, back to the configured timeout. */
    void progressed() {
        currentNanos = baseNanos;
    }
}
