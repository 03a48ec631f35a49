package com.nexefii.cloud.domain.model.gateway;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Map;

public record Gateway(PropertyId propertyId, String gatewayId, String certFingerprint, GatewayStatus status,
        Instant lastSeen, Map<String, String> versions, Long lastSeq, long seqGaps, long duplicates,
        Instant registeredAt, String localApiUrl) {

    public boolean online() {
        return status == GatewayStatus.ONLINE;
    }
}
