package com.nexefii.policy.cache.impl;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads and writes {@link PolicyMessage}s strictly, and checks what the schema requires. */
final class PolicyJson {

    /** Property ids travel in topics: the contract's slug alphabet. */
    static final Pattern PROPERTY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The contract's lock id alphabet. */
    static final Pattern LOCK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MAX_ID_LENGTH = 128;

    // Duplicate keys are rejected: two parsers reading different values of one key is a classic
    // way to smuggle a grant past a validator.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private PolicyJson() {
    }

    static PolicyMessage read(byte[] json) throws PolicyRejectedException {
        PolicyMessage message;
        try {
            message = MAPPER.readValue(json, PolicyMessage.class);
        } catch (JsonMappingException e) {
            throw new PolicyRejectedException(path(e) + "not a valid policy message: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new PolicyRejectedException("not a valid policy message: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyRejectedException("unreadable policy message: " + e.getMessage(), e);
        }
        if (message == null) {
            throw new PolicyRejectedException("empty policy message");
        }
        check(message);
        return message;
    }

    /** @return e.g. {@code grants[0].validFrom: }, or nothing when the error is not in a field */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : path + ": ";
    }

    static byte[] write(PolicyMessage message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the policy", e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static Instant instant(String field, String value) throws PolicyRejectedException {
        if (value == null) {
            throw new PolicyRejectedException(field + ": required");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new PolicyRejectedException(field + ": not an RFC 3339 date-time: " + value);
        }
    }

    private static void check(PolicyMessage m) throws PolicyRejectedException {
        if (m.v() == null || m.v() != 1) {
            throw new PolicyRejectedException("v: must be 1, was " + m.v());
        }
        if (!PolicyMessage.SNAPSHOT.equals(m.kind()) && !PolicyMessage.DELTA.equals(m.kind())) {
            throw new PolicyRejectedException("kind: must be snapshot or delta, was " + m.kind());
        }
        if (m.propertyId() == null || !PROPERTY_ID.matcher(m.propertyId()).matches()) {
            throw new PolicyRejectedException("propertyId: must match " + PROPERTY_ID.pattern());
        }
        if (m.version() == null || m.version() < 1) {
            throw new PolicyRejectedException("version: must be at least 1, was " + m.version());
        }
        if (!m.snapshot()) {
            if (m.fromVersion() == null || m.fromVersion() < 0) {
                throw new PolicyRejectedException("fromVersion: a delta needs one, at least 0");
            }
            if (m.fromVersion() >= m.version()) {
                throw new PolicyRejectedException(
                        "fromVersion: " + m.fromVersion() + " is not below version " + m.version());
            }
        }
        instant("issuedAt", m.issuedAt());
        if (m.grants() != null) {
            for (PolicyMessage.GrantDoc g : m.grants()) {
                checkGrant(g);
            }
        }
        if (m.removedGrants() != null) {
            for (String id : m.removedGrants()) {
                requireId("removedGrants[]", id);
            }
        }
        if (m.revocations() != null) {
            for (PolicyMessage.RevocationDoc r : m.revocations()) {
                if (r == null) {
                    throw new PolicyRejectedException("revocations[]: null entry");
                }
                requireId("revocations[].credentialId", r.credentialId());
                instant("revocations[" + r.credentialId() + "].expiresAt", r.expiresAt());
            }
        }
        if (m.staffZones() != null) {
            for (PolicyMessage.StaffZoneDoc s : m.staffZones()) {
                if (s == null || s.role() == null || s.role().isBlank() || s.role().length() > 64) {
                    throw new PolicyRejectedException("staffZones[].role: required, at most 64 characters");
                }
                requireIds("staffZones[" + s.role() + "].zones", s.zones());
            }
        }
        if (m.zones() != null) {
            for (Map.Entry<String, List<String>> zone : m.zones().entrySet()) {
                requireId("zones key", zone.getKey());
                requireLocks("zones[" + zone.getKey() + "]", zone.getValue());
            }
        }
        if (m.lockdown() != null && m.lockdown().zones() != null) {
            requireIds("lockdown.zones", m.lockdown().zones());
        }
        if (m.keys() != null && !m.keys().isObject()) {
            throw new PolicyRejectedException("keys: must be a JWKS object");
        }
    }

    private static void checkGrant(PolicyMessage.GrantDoc g) throws PolicyRejectedException {
        if (g == null) {
            throw new PolicyRejectedException("grants[]: null entry");
        }
        requireId("grants[].grantId", g.grantId());
        String where = "grants[" + g.grantId() + "]";
        if (g.holder() == null || g.holder().isBlank() || g.holder().length() > 256) {
            throw new PolicyRejectedException(where + ".holder: required, at most 256 characters");
        }
        if (g.credentialIds() != null) {
            requireIds(where + ".credentialIds", g.credentialIds());
        }
        if (g.locks() == null) {
            throw new PolicyRejectedException(where + ".locks: required");
        }
        requireLocks(where + ".locks", g.locks());
        Instant from = instant(where + ".validFrom", g.validFrom());
        Instant until = instant(where + ".validUntil", g.validUntil());
        if (!until.isAfter(from)) {
            throw new PolicyRejectedException(where + ": validUntil is not after validFrom");
        }
        if (g.schedule() != null) {
            try {
                DailySchedule.parse(g.schedule());
            } catch (IllegalArgumentException e) {
                throw new PolicyRejectedException(where + ".schedule: " + e.getMessage());
            }
        }
    }

    private static void requireIds(String field, List<String> ids) throws PolicyRejectedException {
        if (ids == null) {
            throw new PolicyRejectedException(field + ": required");
        }
        for (String id : ids) {
            requireId(field + "[]", id);
        }
    }

    private static void requireId(String field, String id) throws PolicyRejectedException {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new PolicyRejectedException(field + ": must be 1 to " + MAX_ID_LENGTH + " characters");
        }
    }

    private static void requireLocks(String field, List<String> locks) throws PolicyRejectedException {
        if (locks == null) {
            throw new PolicyRejectedException(field + ": required");
        }
        for (String lock : locks) {
            if (lock == null || !LOCK_ID.matcher(lock).matches()) {
                throw new PolicyRejectedException(field + ": not a lock id: " + lock);
            }
        }
    }
}
