package com.nexefii.cloud.domain.model.rollout;

import java.time.Instant;
import java.util.UUID;

/** A signed deployment package the platform admin registered; its bytes are served to gateways by id. */
public record SoftwarePackage(UUID packageId, String name, String version, String sha256, long size,
        String uploadedBy, Instant uploadedAt) {
}
