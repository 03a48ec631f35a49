package com.nexefii.lock.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockEventPublisherOptionsTest {

    private static final Path FALLBACK = Path.of("/var/lib/fallback");

    @Test
    void givenValidIdsAndNoDirectory_whenParsed_thenTheBundleDataAreaIsUsed() {
        LockEventPublisherOptions options = LockEventPublisherOptions.from(new TestConfig("hotel-1", "gw-1", ""),
                FALLBACK);

        assertThat(options).isEqualTo(new LockEventPublisherOptions("hotel-1", "gw-1", FALLBACK));
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, 60_001 })
    void givenADurableListenerWaitOutOfRange_whenParsed_thenTheErrorNamesIt(long bad) {
        assertThatThrownBy(() -> LockEventPublisherOptions.from(new TestConfig("h", "g", "", true, bad), FALLBACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("durableListenerWaitMillis:");
    }

    @Test
    void givenADirectory_whenParsed_thenItIsUsed() {
        assertThat(LockEventPublisherOptions.from(new TestConfig("h", "g", "/data/x"), FALLBACK).dataDirectory())
                .isEqualTo(Path.of("/data/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  ", "Hotel", "-hotel", "hotel_1", "hotel/1" })
    void givenABadPropertyId_whenParsed_thenTheErrorNamesPropertyId(String bad) {
        assertThatThrownBy(() -> LockEventPublisherOptions.from(new TestConfig(bad, "gw-1", ""), FALLBACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("propertyId:");
    }

    @Test
    void givenAMissingOrTooLongGatewayId_whenParsed_thenTheErrorNamesGatewayId() {
        assertThatThrownBy(() -> LockEventPublisherOptions.from(new TestConfig("h", null, ""), FALLBACK))
                .hasMessageStartingWith("gatewayId:");
        assertThatThrownBy(() -> LockEventPublisherOptions.from(new TestConfig("h", "g".repeat(64), ""), FALLBACK))
                .hasMessageStartingWith("gatewayId:");
    }

    @Test
    void givenNoDirectoryAndNoDataArea_whenParsed_thenTheErrorNamesDataDirectory() {
        assertThatThrownBy(() -> LockEventPublisherOptions.from(new TestConfig("h", "g", " "), null))
                .hasMessageStartingWith("dataDirectory:");
    }
}
