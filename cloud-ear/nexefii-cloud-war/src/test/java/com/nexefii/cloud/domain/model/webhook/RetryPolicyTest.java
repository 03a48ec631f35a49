package com.nexefii.cloud.domain.model.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(10));

    @Test
    void givenFailedAttempts_whenBackingOff_thenDelayDoublesUpToTheCap() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void givenAttemptsExhausted_whenAskingForBackoff_thenGiveUp() {
        assertThat(policy.backoffAfter(5)).isNull();
    }

    @Test
    void givenZeroAttempts_whenCreatingPolicy_thenRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
