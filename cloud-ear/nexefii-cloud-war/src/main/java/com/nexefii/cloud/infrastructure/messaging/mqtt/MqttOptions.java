package com.nexefii.cloud.infrastructure.messaging.mqtt;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * MQTT bridge settings. With an {@code ssl://} URL the client presents the keystore's certificate
 * (CN=nexefii-cloud) and trusts only the truststore's CA.
 */
public record MqttOptions(boolean enabled, String url, String clientId, Optional<String> keystorePath,
        String keystorePassword, String keystoreType, Optional<String> truststorePath, String truststorePassword,
        String truststoreType, int keepAliveSeconds, int maxInflight) {

    /**
     * Keys: nexefii.mqtt.url, .client-id, .keystore (path), .keystore.password, .keystore.type,
     * .truststore (path, default nexefii.tls.truststore), .truststore.password, .truststore.type.
     */
    public static MqttOptions fromConfig(Config c) {
        return new MqttOptions(
                c.getOptionalValue("nexefii.mqtt.enabled", Boolean.class).orElse(true),
                c.getOptionalValue("nexefii.mqtt.url", String.class).orElse("ssl://127.0.0.1:8883"),
                c.getOptionalValue("nexefii.mqtt.client-id", String.class).orElse("nexefii-cloud"),
                first(c, "nexefii.mqtt.keystore"),
                first(c, "nexefii.mqtt.keystore.password").orElse(""),
                first(c, "nexefii.mqtt.keystore.type").orElse("PKCS12"),
                first(c, "nexefii.mqtt.truststore", "nexefii.tls.truststore"),
                first(c, "nexefii.mqtt.truststore.password", "nexefii.tls.truststore.password").orElse(""),
                first(c, "nexefii.mqtt.truststore.type", "nexefii.tls.truststore.type").orElse("PKCS12"),
                c.getOptionalValue("nexefii.mqtt.keep-alive-seconds", Integer.class).orElse(30),
                c.getOptionalValue("nexefii.mqtt.max-inflight", Integer.class).orElse(1000));
    }

    private static Optional<String> first(Config c, String... keys) {
        for (String key : keys) {
            Optional<String> value = c.getOptionalValue(key, String.class).filter(s -> !s.isBlank());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    public MqttOptions {
        if (url.startsWith("ssl://") && (keystorePath.isEmpty() || truststorePath.isEmpty())) {
            throw new IllegalArgumentException("nexefii.mqtt.keystore and nexefii.mqtt.truststore (or nexefii.tls.truststore) are required"
                    + " for " + url);
        }
        if (!url.startsWith("ssl://") && !url.startsWith("tcp://")) {
            throw new IllegalArgumentException("nexefii.mqtt.url must start with ssl:// or tcp:// but was " + url);
        }
    }

    @Override
    public String toString() {
        return "MqttOptions[enabled=" + enabled + ", url=" + url + ", clientId=" + clientId + ", keystore="
                + keystorePath.orElse("-") + ", truststore=" + truststorePath.orElse("-") + "]";
    }
}
