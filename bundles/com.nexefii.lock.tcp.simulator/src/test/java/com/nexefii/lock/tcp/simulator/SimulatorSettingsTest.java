package com.nexefii.lock.tcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    /** Test fixture only. */
    private static final String KEY = "00112233445566778899aabbccddeeff";

    @Test
    void givenCommandLineOptions_whenParsed_thenEachIsApplied() {
        SimulatorSettings settings = SimulatorSettings.parse(new String[] { "--port", "0", "--locks", "3",
                "--latency", "250", "--key", KEY, "--silent", "--controller-id", "c-9" }, null);

        assertThat(settings.port()).isZero();
        assertThat(settings.units()).isEqualTo(3);
        assertThat(settings.latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.silent()).isTrue();
        assertThat(settings.controllerId()).isEqualTo("c-9");
    }

    @Test
    void givenNoKeyOption_whenTheEnvironmentHasOne_thenItIsUsed_andWithoutEitherParsingFails() {
        assertThat(SimulatorSettings.parse(new String[0], KEY).sharedKey()).hasSize(16);
        assertThatThrownBy(() -> SimulatorSettings.parse(new String[0], null)).hasMessageContaining("--key");
    }

    @Test
    void givenBadOptions_whenParsed_thenTheMessageNamesTheOption() {
        assertThatThrownBy(() -> SimulatorSettings.parse(new String[] { "--key", KEY, "--port", "x" }, null))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorSettings.parse(new String[] { "--key", "abcd" }, null))
                .hasMessageContaining("--key").hasMessageNotContaining("abcd");
        assertThatThrownBy(() -> SimulatorSettings.parse(new String[] { "--key", KEY, "--frobnicate" }, null))
                .hasMessageContaining("--frobnicate");
    }
}
