package com.nexefii.cloud.infrastructure.messaging.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void givenKnownSecretAndBody_whenSigned_thenMatchesRfc4231StyleHmac() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector
        assertThat(WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void givenSignedDelivery_whenVerifiedWithSameSecret_thenValid() {
        String header = WebhookSignature.header("s3cret", 1_795_600_000L, "{\"a\":1}");
        assertThat(header).startsWith("t=1795600000,v1=");
        assertThat(WebhookSignature.verify("s3cret", header, "{\"a\":1}")).isTrue();
    }

    @Test
    void givenTamperedBodyOrWrongSecret_whenVerified_thenInvalid() {
        String header = WebhookSignature.header("s3cret", 1_795_600_000L, "{\"a\":1}");
        assertThat(WebhookSignature.verify("s3cret", header, "{\"a\":2}")).isFalse();
        assertThat(WebhookSignature.verify("other", header, "{\"a\":1}")).isFalse();
        assertThat(WebhookSignature.verify("s3cret", "v1=abc", "{\"a\":1}")).isFalse();
    }
}
