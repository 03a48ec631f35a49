package com.nexefii.cloud.domain.model.lock;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;

/** A door lock as last reported by its gateway (inventory and state events). */
public record Lock(PropertyId propertyId, String lockId, String gatewayId, String zoneId, String protocol,
        String model, String boltState, String doorState, Integer batteryPercent, boolean online,
        Instant updatedAt) {
}
