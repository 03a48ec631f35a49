package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TcpAdapterOptionsTest {

    @Test
    void givenOnlyTheRequiredProperties_whenParsed_thenTheMetatypeDefaultsApply() {
        TcpAdapterOptions options = TestConfigs.options(Map.of());

        assertThat(options.adapterId()).isEqualTo("ctrl-a");
        assertThat(options.port()).isEqualTo(7700);
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.deadAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.retries()).isEqualTo(2);
        assertThat(options.maxFrameSize()).isEqualTo(4096);
        assertThat(options.sharedKey()).hasSize(16);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "adapterId, ''", "adapterId, 'has space'", "adapterId, 'x/y'",
            "host, ''", "host, '  '",
            "port, 0", "port, 65536",
            "connectTimeoutMs, 99", "heartbeatIntervalMs, 0", "heartbeatMissesAllowed, 0",
            "commandTimeoutMs, 10", "responseTimeoutMs, 1", "retries, -1", "retries, 11",
            "reconnectBackoffMinMs, 0", "maxFrameSize, 255", "maxFrameSize, 1048577", "shutdownGraceMs, -5" })
    void givenAnInvalidValue_whenParsed_thenActivationFailsNamingTheProperty(String property, String value) {
        Object typed = property.endsWith("Ms") || property.equals("port") || property.equals("retries")
                || property.equals("maxFrameSize") || property.equals("heartbeatMissesAllowed")
                        ? (Object) Integer.valueOf(value)
                        : value;

        assertThatThrownBy(() -> TestConfigs.options(Map.of(property, typed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.nexefii.lock.tcp").hasMessageContaining("'" + property + "'");
    }

    @Test
    void givenAMissingAdapterIdOrHost_whenParsed_thenTheMessageNamesIt() {
        java.util.HashMap<String, Object> noHost = new java.util.HashMap<>();
        noHost.put("host", null);
        assertThatThrownBy(() -> TestConfigs.options(noHost)).hasMessageContaining("'host'");
    }

    @Test
    void givenABackoffMaximumBelowTheMinimum_whenParsed_thenTheMaximumIsNamed() {
        assertThatThrownBy(() -> TestConfigs.options(Map.of("reconnectBackoffMinMs", 1000, "reconnectBackoffMaxMs", 500)))
                .hasMessageContaining("'reconnectBackoffMaxMs'");
    }

    @Test
    void givenAJitterOutsideZeroToOne_whenParsed_thenItIsNamed() {
        assertThatThrownBy(() -> TestConfigs.options(Map.of("reconnectJitter", 1.5)))
                .hasMessageContaining("'reconnectJitter'");
        assertThatThrownBy(() -> TestConfigs.options(Map.of("reconnectJitter", Double.NaN)))
                .hasMessageContaining("'reconnectJitter'");
    }

    @Test
    void givenABadKey_whenParsed_thenTheKeyIsNamedButNeverEchoed() {
        String secretButShort = "deadbeefdeadbeef";
        assertThatThrownBy(() -> TestConfigs.options(Map.of("key", secretButShort)))
                .hasMessageContaining("'key'").hasMessageNotContaining(secretButShort);
        assertThatThrownBy(() -> TestConfigs.options(Map.of("key", "not hex at all, but long enough to count!")))
                .hasMessageContaining("'key'").hasMessageNotContaining("not hex");
        java.util.HashMap<String, Object> noKey = new java.util.HashMap<>();
        noKey.put("key", null);
        assertThatThrownBy(() -> TestConfigs.options(noKey)).hasMessageContaining("'key'");
    }

    @Test
    void givenOptions_whenPrinted_thenTheKeyIsMasked() {
        assertThat(TestConfigs.options(Map.of()).toString()).contains("key ****")
                .doesNotContain(TestConfigs.KEY_HEX);
    }
}
