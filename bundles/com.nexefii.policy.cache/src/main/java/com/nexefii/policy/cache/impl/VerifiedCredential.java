package com.nexefii.policy.cache.impl;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The claims of a mobile key whose ES256 signature verified against a key of the policy. */
record VerifiedCredential(String credentialId, String subject, String issuer, List<String> audience,
        String propertyId, Set<String> locks, Instant notBefore, Instant expiresAt) {
}
