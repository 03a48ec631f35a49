package com.nexefii.local.api;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (caller or remote address): {@code burst} requests at once, refilled
 * at {@code perMinute}. Memory is bounded: past {@code maxKeys} buckets, the full (idle) ones are
 * dropped, since a full bucket is what a new key gets anyway.
 */
final class TokenBuckets {

    private final double tokensPerNano;
    private final double burst;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(int perMinute, int burst, int maxKeys) {
        if (perMinute <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.tokensPerNano = perMinute / 60e9;
        this.burst = burst;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one token.
     *
     * @return 0 when allowed, else the whole seconds (at least 1) until a token is available
     */
    long tryAcquire(String key, long nowNanos) {
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            evictIdle(nowNanos);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.refill(nowNanos, tokensPerNano, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double missingNanos = (1 - bucket.tokens) / tokensPerNano;
            return Math.max(1, (long) Math.ceil(missingNanos / 1e9));
        }
    }

    int size() {
        return buckets.size();
    }

    private void evictIdle(long nowNanos) {
        buckets.entrySet().removeIf(e -> {
            Bucket b = e.getValue();
            synchronized (b) {
                b.refill(nowNanos, tokensPerNano, burst);
                return b.tokens >= burst;
            }
        });
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }

        void refill(long nowNanos, double tokensPerNano, double burst) {
            long elapsed = nowNanos - lastNanos;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
                lastNanos = nowNanos;
            }
        }
    }
}
