package com.nexefii.lock.tcp;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: {@code min * 2^failures}, capped at {@code max}, then moved by
 * up to {@code jitter} of itself in either direction so gateways that lost the same switch do not
 * reconnect in lockstep.
 */
final class ReconnectBackoff {

    private final long minMillis;
    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    ReconnectBackoff(Duration min, Duration max, double jitter, DoubleSupplier random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.random = random;
    }

    /** @param failures consecutive failed attempts so far, 0 for the first retry */
    Duration delay(int failures) {
        double base = Math.min((double) maxMillis, minMillis * Math.pow(2, Math.min(failures, 30)));
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.min(maxMillis, Math.round(base * factor))));
    }
}
