package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void givenNoJitter_whenAttemptsFail_thenTheDelayDoublesUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0, () -> 0.5);

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void givenJitter_whenTheRandomSourceIsAtItsExtremes_thenTheDelayMovesByThatFractionButNeverPastTheMaximum() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0.2, () -> 0.0);
        ReconnectBackoff high = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0.2, () -> 0.999999);

        assertThat(low.delay(0)).isEqualTo(Duration.ofMillis(80));
        assertThat(high.delay(0)).isEqualTo(Duration.ofMillis(120));
        assertThat(high.delay(10)).isEqualTo(Duration.ofMillis(1000));
    }
}
