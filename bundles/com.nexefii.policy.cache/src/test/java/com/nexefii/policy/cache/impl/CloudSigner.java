package com.nexefii.policy.cache.impl;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 * TEST FIXTURE: stands in for the cloud's credential issuer, with a P-256 key pair generated per
 * test run. Nothing here is a real secret.
 */
final class CloudSigner {

    static final String ISSUER = "nexefii-cloud";
    static final String AUDIENCE = "nexefii-gateway";

    final ECKey key;

    CloudSigner(String kid) {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String kid() {
        return key.getKeyID();
    }

    /** @return the public JWKS as the cloud publishes it in {@code policy.keys} */
    Map<String, Object> publicJwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** The claims of a valid key for {@code lockId}, valid an hour either side of {@code now}. */
    static JWTClaimsSet.Builder claims(String jti, String property, String lockId, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("guest-a1")
                .claim("property_id", property)
                .claim("locks", List.of(lockId))
                .notBeforeTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(jti);
    }

    String sign(JWTClaimsSet.Builder claims) {
        return sign(claims, kid());
    }

    String sign(JWTClaimsSet.Builder claims, String headerKid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(headerKid).build(),
                    claims.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String sign(String jti, String property, String lockId, Instant now, Consumer<JWTClaimsSet.Builder> tweak) {
        JWTClaimsSet.Builder builder = claims(jti, property, lockId, now);
        tweak.accept(builder);
        return sign(builder);
    }
}
