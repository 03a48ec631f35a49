package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A cloud that is slow, not gone, must not get every window again every 30 s. */
class AckTimeoutTest {

    @Test
    void givenResendsWithoutAnyAcknowledgement_whenTheyExpire_thenTheWaitDoublesUpTo16Times() {
        AckTimeout timeout = new AckTimeout(Duration.ofSeconds(30));
        assertThat(timeout.nanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
        timeout.expired();
        assertThat(timeout.nanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
        for (int i = 0; i < 10; i++) {
            timeout.expired();
        }
        assertThat(timeout.nanos()).isEqualTo(Duration.ofSeconds(30 * 16).toNanos());
    }

    @Test
    void givenALongWait_whenTheCloudAcknowledgesAgain_thenTheConfiguredTimeoutIsBack() {
        AckTimeout timeout = new AckTimeout(Duration.ofSeconds(30));
        timeout.expired();
        timeout.expired();
        timeout.progressed();
        assertThat(timeout.nanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    }
}
