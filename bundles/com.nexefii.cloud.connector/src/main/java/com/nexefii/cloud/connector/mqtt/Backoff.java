package com.nexefii.cloud.connector.mqtt;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time between zero
 * and {@code min(max, first * 2^n)}, so a fleet of gateways that lost the broker together does not
 * come back in lockstep.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    /** bound -> random value in [0, bound) */
    private final LongUnaryOperator random;

    Backoff(Duration first, Duration max, LongUnaryOperator random) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** @return the delay before retry number {@code attempt} (0 for the first retry) */
    Duration delay(int attempt) {
        return Duration.ofMillis(random.applyAsLong(ceiling(attempt) + 1));
    }

    /** @return the upper bound of the delay before retry {@code attempt} */
    long ceiling(int attempt) {
        int shift = Math.min(attempt, 30);
        long grown = firstMillis << shift;
        return grown <= 0 || grown > maxMillis ? maxMillis : grown;
    }
}
