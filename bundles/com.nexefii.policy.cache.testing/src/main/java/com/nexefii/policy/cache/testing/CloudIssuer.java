package com.nexefii.policy.cache.testing;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * TEST FIXTURE: plays the cloud, issuing mobile keys and policy messages for property hotel-it,
 * with a P-256 key generated per run. Nothing here is a real secret.
 */
public final class CloudIssuer {

    public static final String PROPERTY = "hotel-it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ECKey key;

    public CloudIssuer(String kid) {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signing key; its public half is in every snapshot. */
    public ECKey key() {
        return key;
    }

    /** A guest's key for one lock, valid from ten minutes before {@code now} for an hour after it. */
    public String mobileKey(String credentialId, String lockId, Instant now) {
        return sign(new JWTClaimsSet.Builder().issuer("nexefii-cloud").audience("nexefii-gateway").subject("guest-it")
                .claim("property_id", PROPERTY).claim("locks", List.of(lockId))
                .notBeforeTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(credentialId), key);
    }

    public static String sign(JWTClaimsSet.Builder claims, ECKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(with.getKeyID()).build(),
                    claims.build());
            jwt.sign(new ECDSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A snapshot: zone floor-1 holds the given locks, staff may use floor-1, the cloud key is trusted. */
    public byte[] snapshot(long version, List<String> floorOne) {
        Map<String, Object> m = base("snapshot", version);
        m.put("zones", Map.of("floor-1", floorOne));
        m.put("staffZones", List.of(Map.of("role", "staff", "zones", List.of("floor-1")),
                Map.of("role", "property-admin", "zones", List.of("*"))));
        m.put("lockdown", Map.of("property", false, "zones", List.of()));
        m.put("keys", new JWKSet(key.toPublicJWK()).toJSONObject(true));
        return bytes(m);
    }

    /** A delta revoking one credential until {@code until}. */
    public byte[] revocation(long fromVersion, long version, String credentialId, Instant until) {
        Map<String, Object> m = base("delta", version);
        m.put("fromVersion", fromVersion);
        m.put("revocations", List.of(Map.of("credentialId", credentialId, "expiresAt", until.toString())));
        return bytes(m);
    }

    private static Map<String, Object> base(String kind, long version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("kind", kind);
        m.put("propertyId", PROPERTY);
        m.put("version", version);
        m.put("issuedAt", Instant.now().toString());
        return m;
    }

    private static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
