package com.nexefii.cloud.domain.model.credential;

import java.time.Instant;
import java.util.UUID;

/** A revoked credential; gateways keep it until the credential would have expired anyway. */
public record Revocation(UUID credentialId, Instant expiresAt, Instant revokedAt, String revokedBy, String reason) {
}
