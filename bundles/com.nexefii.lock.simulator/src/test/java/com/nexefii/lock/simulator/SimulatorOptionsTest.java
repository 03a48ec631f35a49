package com.nexefii.lock.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

    @Test
    void givenNoPrefix_whenParsed_thenLockIdsDeriveFromTheAdapterId() {
        SimulatorOptions options = TestOptions.builder().build();

        assertThat(options.lockIdPrefix()).isEqualTo("sim-");
        assertThat(options.lockId(7)).isEqualTo("sim-007");
    }

    @Test
    void givenNegativeLatency_whenParsed_thenTheErrorNamesLatencyMinMillis() {
        assertThatThrownBy(() -> TestOptions.builder().latency(-1, 10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("latencyMinMillis:");
    }

    @Test
    void givenMaxLatencyBelowMin_whenParsed_thenTheErrorNamesLatencyMaxMillis() {
        assertThatThrownBy(() -> TestOptions.builder().latency(100, 10).build())
                .hasMessageStartingWith("latencyMaxMillis:");
    }

    @Test
    void givenAProbabilityAboveOne_whenParsed_thenTheErrorNamesIt() {
        assertThatThrownBy(() -> TestOptions.builder().failures(1.5, 0, 0).build())
                .hasMessageStartingWith("timeoutProbability:");
        assertThatThrownBy(() -> TestOptions.builder().doors(Double.NaN, 0).build())
                .hasMessageStartingWith("doorOpenAfterUnlockProbability:");
    }

    @Test
    void givenFailureRatesAddingUpAboveOne_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> TestOptions.builder().failures(0.5, 0.4, 0.2).build())
                .hasMessageContaining("must not exceed 1");
    }

    @Test
    void givenNoLocks_whenParsed_thenTheErrorNamesLockCount() {
        assertThatThrownBy(() -> TestOptions.builder().lockCount(0).build()).hasMessageStartingWith("lockCount:");
    }

    @Test
    void givenABadAdapterId_whenParsed_thenTheErrorNamesAdapterId() {
        TestOptions.Builder builder = TestOptions.builder();
        builder.adapterId = "Sim 1";
        assertThatThrownBy(builder::build).hasMessageStartingWith("adapterId:");
    }
}
