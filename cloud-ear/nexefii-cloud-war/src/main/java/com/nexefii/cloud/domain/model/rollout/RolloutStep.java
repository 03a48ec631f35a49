package com.nexefii.cloud.domain.model.rollout;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.UUID;

/** What a rollout did on one gateway (tenant-owned: visible to that property). */
public record RolloutStep(PropertyId propertyId, UUID rolloutId, String gatewayId, int position, UUID commandId,
        PackageStage stage, String detail, Instant sentAt, Instant updatedAt) {
}
