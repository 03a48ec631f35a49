package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void givenRepeatedFailures_whenAskingForDelays_thenTheCeilingDoublesUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), bound -> bound - 1);

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofMillis(16_000));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void givenRealRandomness_whenAskingManyTimes_thenDelaysSpreadOverTheWholeRange() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = backoff.delay(3).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isBetween(0L, 400L);
        assertThat(max).isBetween(3600L, 4000L);
    }
}
