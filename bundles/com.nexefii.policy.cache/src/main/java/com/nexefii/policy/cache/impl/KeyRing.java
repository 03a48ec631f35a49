package com.nexefii.policy.cache.impl;

import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * The cloud's credential-signing keys of one policy version, parsed once into verifiers, plus the
 * mobile keys already verified with them. A new key set gets a new ring, so a rotated-out key's
 * verified credentials go with it.
 */
final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    static final KeyRing EMPTY = new KeyRing(null, Map.of(), 0);

    private final JsonNode source;
    private final Map<String, JWSVerifier> verifiers;
    private final int verifiedCapacity;
    private final ConcurrentHashMap<String, VerifiedCredential> verified = new ConcurrentHashMap<>();

    private KeyRing(JsonNode source, Map<String, JWSVerifier> verifiers, int verifiedCapacity) {
        this.source = source;
        this.verifiers = verifiers;
        this.verifiedCapacity = verifiedCapacity;
    }

    /**
     * Keeps only public P-256 keys meant for ES256 signatures; other keys are skipped with a
     * warning. Private key material is a rejection: the cloud must never ship it.
     */
    static KeyRing parse(JsonNode jwks, int verifiedCapacity) throws PolicyRejectedException {
        JWKSet set;
        try {
            set = JWKSet.parse(jwks.toString());
        } catch (ParseException e) {
            throw new PolicyRejectedException("keys: not a valid JWKS: " + e.getMessage(), e);
        }
        Map<String, JWSVerifier> verifiers = new HashMap<>();
        for (JWK key : set.getKeys()) {
            String kid = key.getKeyID();
            if (kid == null || kid.isEmpty()) {
                throw new PolicyRejectedException("keys: every key needs a kid");
            }
            if (key.isPrivate()) {
                throw new PolicyRejectedException("keys: " + kid + " carries private key material");
            }
            if (verifiers.containsKey(kid)) {
                throw new PolicyRejectedException("keys: kid " + kid + " appears twice");
            }
            if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())
                    || (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm()))
                    || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))) {
                LOG.warn("Policy key {} is not an ES256 signing key; ignored", kid);
                continue;
            }
            try {
                verifiers.put(kid, new ECDSAVerifier(ec));
            } catch (JOSEException e) {
                throw new PolicyRejectedException("keys: " + kid + " is unusable: " + e.getMessage(), e);
            }
        }
        return new KeyRing(jwks, Map.copyOf(verifiers), verifiedCapacity);
    }

    /** @return the JWKS as received, {@code null} when the policy has none */
    JsonNode source() {
        return source;
    }

    boolean sameKeysAs(JsonNode jwks) {
        return source != null && source.equals(jwks);
    }

    /** @return the ES256 verifier of this kid, or {@code null} */
    JWSVerifier verifier(String kid) {
        return verifiers.get(kid);
    }

    int size() {
        return verifiers.size();
    }

    VerifiedCredential alreadyVerified(String compactJws) {
        return verified.get(compactJws);
    }

    void rememberVerified(String compactJws, VerifiedCredential credential) {
        if (verifiedCapacity <= 0) {
            return;
        }
        // Forgetting everything at the cap is crude but bounded and lock-free; the cost is one
        // signature check per key on the next presentation.
        if (verified.size() >= verifiedCapacity) {
            verified.clear();
        }
        verified.put(compactJws, credential);
    }
}
