package com.nexefii.policy.cache.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.policy.cache.ApplyResult;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * BENCHMARK FIXTURE: a property's policy of many grants, the cloud's credential-signing key
 * (generated per run, not a secret) and a policy cache over it with a fixed clock.
 *
 * <p>Lives in the policy cache's implementation package because the decision without its audit
 * event ({@code PolicyCacheComponent.evaluate}) is package-private on purpose: nothing outside the
 * bundle may decide without auditing. Outside OSGi the class path lets the benchmark in.
 */
public final class BenchPolicy {

    public static final String PROPERTY = "hotel-a";
    public static final String ROOM = "sim-a-101";
    public static final String GUEST_KEY = "mk-guest";
    public static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    static final String ISSUER = "nexefii-cloud";
    static final String AUDIENCE = "nexefii-gateway";

    private static final ObjectMapper JSON = new ObjectMapper();

    final ECKey signingKey;

    public BenchPolicy() {
        try {
            signingKey = new ECKeyGenerator(Curve.P_256).keyID("bench-key").keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A snapshot with {@code grants} card grants (card-0..n-1 on 500 locks) plus the guest's grant
     * for {@link #GUEST_KEY} on {@link #ROOM}, zones, staff roles, one revocation and the public key.
     */
    public byte[] snapshot(int grants) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        root.put("kind", "snapshot");
        root.put("propertyId", PROPERTY);
        root.put("version", 1);
        root.put("issuedAt", NOW.minus(Duration.ofHours(1)).toString());
        ArrayNode list = root.putArray("grants");
        grant(list, "stay-guest", GUEST_KEY, ROOM);
        for (int i = 0; i < grants; i++) {
            grant(list, "g-" + i, "card-" + i, "sim-b-" + (i % 500));
        }
        ObjectNode zones = root.putObject("zones");
        zones.putArray("floor-1").add(ROOM).add("sim-a-102");
        ArrayNode staff = root.putArray("staffZones");
        ObjectNode admin = staff.addObject();
        admin.put("role", "property-admin");
        admin.putArray("zones").add("*");
        ObjectNode revocation = root.putArray("revocations").addObject();
        revocation.put("credentialId", "mk-revoked");
        revocation.put("expiresAt", NOW.plus(Duration.ofDays(2)).toString());
        ObjectNode lockdown = root.putObject("lockdown");
        lockdown.put("property", false);
        lockdown.putArray("zones");
        root.set("keys", JSON.valueToTree(new JWKSet(signingKey.toPublicJWK()).toJSONObject(true)));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void grant(ArrayNode list, String grantId, String credentialId, String lockId) {
        ObjectNode g = list.addObject();
        g.put("grantId", grantId);
        g.put("holder", "holder-" + grantId);
        g.putArray("credentialIds").add(credentialId);
        g.putArray("locks").add(lockId);
        g.put("validFrom", NOW.minus(Duration.ofDays(1)).toString());
        g.put("validUntil", NOW.plus(Duration.ofDays(1)).toString());
    }

    /** A mobile key for {@link #ROOM} as the cloud signs it, valid an hour either side of {@link #NOW}. */
    public String mobileKey(String credentialId) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("guest-1")
                .claim("property_id", PROPERTY)
                .claim("locks", List.of(ROOM))
                .notBeforeTime(Date.from(NOW.minusSeconds(3600)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .jwtID(credentialId)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID())
                    .build(), claims);
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public java.security.interfaces.ECPublicKey publicKey() {
        try {
            return signingKey.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A policy cache holding {@code snapshot}.
     *
     * @param verifiedCacheSize 0: every mobile key is verified as if presented for the first time
     */
    public static PolicyCacheComponent cache(Path dataDirectory, int verifiedCacheSize, byte[] snapshot) {
        PolicyCacheOptions options = new PolicyCacheOptions(dataDirectory, ISSUER, AUDIENCE, Duration.ofSeconds(30),
                ZoneOffset.UTC, Set.of("property-admin"), verifiedCacheSize, 256 * 1024 * 1024);
        PolicyCacheComponent cache = new PolicyCacheComponent(options, new InMemoryPublisher(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        ApplyResult result = cache.apply(snapshot);
        if (!result.applied()) {
            throw new IllegalStateException("benchmark policy not applied: " + result);
        }
        return cache;
    }

    /** The audit event is built like the real publisher builds it, then dropped: no I/O. */
    static final class InMemoryPublisher implements LockEventPublisher {

        private long sequence;

        @Override
        public synchronized LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
            sequence++;
            return new LockEvent(java.util.UUID.randomUUID().toString(), PROPERTY, "gw-bench", lockId, sequence,
                    Instant.now(), type, attributes);
        }

        @Override
        public String propertyId() {
            return PROPERTY;
        }

        @Override
        public String gatewayId() {
            return "gw-bench";
        }
    }
}
