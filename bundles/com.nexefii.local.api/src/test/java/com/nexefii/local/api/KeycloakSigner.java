package com.nexefii.local.api;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * TEST FIXTURE: mints access tokens shaped like Keycloak's for realm nexefii (RS256, typ JWT, roles
 * in groups, property_id), with an RSA key generated per test run. Not a real secret.
 */
final class KeycloakSigner {

    static final String ISSUER = "http://127.0.0.1:1/realms/nexefii";
    static final String AUDIENCE = "nexefii-api";

    final RSAKey key;

    KeycloakSigner(String kid) {
        try {
            key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    static JWTClaimsSet.Builder claims(String subject, String property, List<String> groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE, "account")).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("groups", groups).claim("property_id", property).claim("typ", "Bearer");
    }

    String token(String subject, String property, String... groups) {
        return sign(claims(subject, property, List.of(groups)));
    }

    String token(String subject, Consumer<JWTClaimsSet.Builder> tweak) {
        JWTClaimsSet.Builder claims = claims(subject, "hotel-a", List.of("staff"));
        tweak.accept(claims);
        return sign(claims);
    }

    String sign(JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
