package com.nexefii.cloud.infrastructure.health;

import com.nexefii.cloud.infrastructure.messaging.mqtt.MqttBridge;
import com.nexefii.cloud.interfaces.gateway.mqtt.EventBatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Inject
    MqttBridge bridge;
    @Inject
    EventBatcher batcher;
    @Inject
    @ConfigProperty(name = "nexefii.mqtt.enabled", defaultValue = "true")
    boolean enabled;

    @Override
    public HealthCheckResponse call() {
        boolean up = !enabled || bridge.connected();
        return HealthCheckResponse.named("mqtt-broker").status(up).withData("enabled", enabled)
                .withData("ingestQueueDepth", batcher.depth()).build();
    }
}
