package com.nexefii.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void givenABurstOfThree_whenFourRequestsAtOnce_thenTheFourthWaitsAboutOneRefill() {
        TokenBuckets buckets = new TokenBuckets(60, 3, 100);

        assertThat(buckets.tryAcquire("a", 0)).isZero();
        assertThat(buckets.tryAcquire("a", 0)).isZero();
        assertThat(buckets.tryAcquire("a", 0)).isZero();
        assertThat(buckets.tryAcquire("a", 0)).isEqualTo(1);
        assertThat(buckets.tryAcquire("a", TimeUnit.SECONDS.toNanos(1))).isZero();
    }

    @Test
    void givenTheKeyLimit_whenANewKeyArrives_thenIdleBucketsAreDropped() {
        TokenBuckets buckets = new TokenBuckets(60, 1, 2);
        buckets.tryAcquire("a", 0);
        buckets.tryAcquire("b", 0);

        buckets.tryAcquire("c", TimeUnit.SECONDS.toNanos(5));

        assertThat(buckets.size()).isEqualTo(1);
    }
}
