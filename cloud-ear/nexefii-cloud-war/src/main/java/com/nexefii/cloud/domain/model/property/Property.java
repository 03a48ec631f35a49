package com.nexefii.cloud.domain.model.property;

import java.time.Instant;

public record Property(PropertyId id, String name, boolean lockdown, long policyVersion, Instant createdAt) {
}
