package com.nexefii.policy.cache.impl;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of the {@code policy} channel, as it is on the wire (contract v1
 * {@code policy.schema.json}); also the format of the persisted policy file (always a snapshot).
 * Unknown fields are rejected by the mapper, like the schema's {@code additionalProperties: false}.
 */
record PolicyMessage(Integer v, String kind, String propertyId, Long version, Long fromVersion, String issuedAt,
        List<GrantDoc> grants, List<String> removedGrants, List<RevocationDoc> revocations,
        List<StaffZoneDoc> staffZones, LockdownDoc lockdown, Map<String, List<String>> zones, JsonNode keys) {

    static final String SNAPSHOT = "snapshot";
    static final String DELTA = "delta";

    boolean snapshot() {
        return SNAPSHOT.equals(kind);
    }

    record GrantDoc(String grantId, String holder, List<String> credentialIds, List<String> locks, String validFrom,
            String validUntil, String schedule) {
    }

    record RevocationDoc(String credentialId, String expiresAt) {
    }

    record StaffZoneDoc(String role, List<String> zones) {
    }

    record LockdownDoc(Boolean property, List<String> zones) {
    }
}
