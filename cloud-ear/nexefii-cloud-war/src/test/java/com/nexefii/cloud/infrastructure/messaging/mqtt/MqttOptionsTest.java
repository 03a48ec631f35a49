package com.nexefii.cloud.infrastructure.messaging.mqtt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttOptionsTest {

    @Test
    void givenSslUrlWithoutStores_whenCreated_thenRefusedNamingTheKeys() {
        assertThatThrownBy(() -> new MqttOptions(true, "ssl://127.0.0.1:8883", "nexefii-cloud", Optional.empty(), "",
                "PKCS12", Optional.empty(), "", "PKCS12", 30, 100))
                .hasMessageContaining("nexefii.mqtt.keystore");
    }

    @Test
    void givenUnknownScheme_whenCreated_thenRefused() {
        assertThatThrownBy(() -> new MqttOptions(true, "ws://127.0.0.1:8883", "nexefii-cloud", Optional.empty(), "",
                "PKCS12", Optional.empty(), "", "PKCS12", 30, 100))
                .hasMessageContaining("nexefii.mqtt.url");
    }
}
