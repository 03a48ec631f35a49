package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration fails activation with the property's name; a good one is parsed once. */
class ZigbeeAdapterOptionsTest {

    private static final Path DATA_AREA = Path.of("/var/lib/nexefii");

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("nexefii_lock_adapter_id", "zigbee-1");
        return values;
    }

    @Test
    void givenOnlyAnAdapterId_thenTheDefaultsOfAnEmberStickApply() {
        ZigbeeAdapterOptions options = ZigbeeAdapterOptions.from(Configs.zigbee(valid()), DATA_AREA);

        assertThat(options.dongleType()).isEqualTo(DongleType.EMBER);
        assertThat(options.serialPort()).isEqualTo("/dev/ttyUSB0");
        assertThat(options.panId()).isEqualTo(0x1A62);
        assertThat(options.answerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.dataDirectory()).isEqualTo(DATA_AREA.resolve("zigbee-1"));
        assertThat(options.networkKey()).isEmpty();
    }

    @ParameterizedTest(name = "given {0}={1}, then activation fails naming {2}")
    @CsvSource({
            "nexefii_lock_adapter_id, Bad Id, nexefii.lock.adapter.id",
            "serialPort, ' ', serialPort",
            "baudRate, 12345, baudRate",
            "channel, 27, channel",
            "panId, XYZ1, panId",
            "panId, FFFF, panId",
            "extendedPanId, 1234, extendedPanId",
            "_networkKey, 0011, .networkKey",
            "answerTimeoutMillis, 50, answerTimeoutMillis",
            "retries, 11, retries",
            "batteryLowPercent, 0, batteryLowPercent",
            "permitJoinSeconds, 255, permitJoinSeconds" })
    void givenAnInvalidProperty_thenTheErrorNamesIt(String property, String value, String named) {
        Map<String, Object> values = valid();
        Object typed = switch (property) {
            case "baudRate", "channel", "answerTimeoutMillis", "retries", "batteryLowPercent", "permitJoinSeconds" ->
                Integer.valueOf(value);
            default -> value;
        };
        values.put(property, typed);

        assertThatThrownBy(() -> ZigbeeAdapterOptions.from(Configs.zigbee(values), DATA_AREA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(named + ":");
    }

    @Test
    void givenABadNetworkKey_thenTheErrorDoesNotEchoTheSecret() {
        Map<String, Object> values = valid();
        values.put("_networkKey", "00112233445566778899AABBCCDDEEFG");

        assertThatThrownBy(() -> ZigbeeAdapterOptions.from(Configs.zigbee(values), DATA_AREA))
                .hasMessageNotContaining("00112233");
    }

    @Test
    void givenNoDataArea_thenDataDirectoryMustBeSet() {
        assertThatThrownBy(() -> ZigbeeAdapterOptions.from(Configs.zigbee(valid()), null))
                .hasMessageStartingWith("dataDirectory:");
    }

    @Test
    void givenOnlyPermitJoinChanged_thenTheNetworkNeedNotRestart() {
        ZigbeeAdapterOptions before = ZigbeeAdapterOptions.from(Configs.zigbee(valid()), DATA_AREA);
        Map<String, Object> join = valid();
        join.put("permitJoinSeconds", 120);
        Map<String, Object> moved = valid();
        moved.put("channel", 20);

        assertThat(ZigbeeAdapterOptions.from(Configs.zigbee(join), DATA_AREA).sameNetworkAs(before)).isTrue();
        assertThat(ZigbeeAdapterOptions.from(Configs.zigbee(moved), DATA_AREA).sameNetworkAs(before)).isFalse();
    }
}
