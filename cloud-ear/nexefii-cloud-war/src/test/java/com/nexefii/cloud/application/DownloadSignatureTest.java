package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DownloadSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final DownloadSignature signature = new DownloadSignature(new byte[32]);
    private final UUID pkg = UUID.randomUUID();
    private final long expires = NOW.getEpochSecond() + 600;

    @Test
    void givenALinkForAGateway_whenThatGatewayUsesItInTime_thenItIsValid() {
        String sig = signature.sign(pkg, "hotel-a/gw-a1", expires);
        assertThat(signature.valid(pkg, "hotel-a/gw-a1", expires, sig, NOW)).isTrue();
    }

    @Test
    void givenALinkForOneGateway_whenAnotherGatewayOrPackageOrExpiryIsSubstituted_thenItIsRefused() {
        String sig = signature.sign(pkg, "hotel-a/gw-a1", expires);
        assertThat(signature.valid(pkg, "hotel-b/gw-b1", expires, sig, NOW)).isFalse();
        assertThat(signature.valid(UUID.randomUUID(), "hotel-a/gw-a1", expires, sig, NOW)).isFalse();
        assertThat(signature.valid(pkg, "hotel-a/gw-a1", expires + 3600, sig, NOW)).isFalse();
    }

    @Test
    void givenAValidLink_whenUsedAfterItExpired_thenItIsRefused() {
        String sig = signature.sign(pkg, "hotel-a/gw-a1", expires);
        assertThat(signature.valid(pkg, "hotel-a/gw-a1", expires, sig, Instant.ofEpochSecond(expires))).isFalse();
    }
}
