package com.nexefii.gateway.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = GatewayMetricsComponent.PID,
        name = "Nexefii gateway metrics",
        description = "The Prometheus endpoint of the gateway.")
@interface MetricsConfig {

    /** Becomes the HTTP whiteboard property of the same name: where the endpoint answers. */
    @AttributeDefinition(name = "Path", description = "Path of the Prometheus endpoint, starting with '/'.")
    String osgi_http_whiteboard_servlet_pattern() default "/metrics";

    @AttributeDefinition(name = "Low battery (%)",
            description = "A lock whose last battery report is below this counts as low, 1 to 100.", min = "1",
            max = "100")
    int lowBatteryPercent() default 20;

    @AttributeDefinition(name = "Battery per lock",
            description = "Expose each lock's battery level as its own series (one per lock).")
    boolean perLockBattery() default true;
}
