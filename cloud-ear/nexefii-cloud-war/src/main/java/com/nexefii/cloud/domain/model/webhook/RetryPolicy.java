package com.nexefii.cloud.domain.model.webhook;

import java.time.Duration;

/** Exponential backoff: initial, 2x, 4x ... capped, for at most maxAttempts attempts. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** Delay before the next attempt after {@code attemptsMade} failed attempts, or null when giving up. */
    public Duration backoffAfter(int attemptsMade) {
        if (attemptsMade >= maxAttempts) {
            return null;
        }
        long factor = 1L << Math.min(attemptsMade - 1, 20);
        Duration delay = initialBackoff.multipliedBy(factor);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
