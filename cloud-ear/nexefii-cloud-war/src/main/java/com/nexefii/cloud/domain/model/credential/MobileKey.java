package com.nexefii.cloud.domain.model.credential;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A mobile key credential issued to a holder; its id is the JWT `jti` a gateway checks for revocation. */
public record MobileKey(PropertyId propertyId, UUID credentialId, UUID stayId, String holder, List<String> lockIds,
        Instant notBefore, Instant expiresAt, Instant issuedAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
