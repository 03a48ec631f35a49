package com.nexefii.policy.cache.impl;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nexefii.policy.cache.Reason;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Verifies a mobile key: a compact JWS, algorithm pinned to ES256, signed by a key of the policy
 * named by its {@code kid}. Claims are read only after the signature verified; the claim values
 * (issuer, audience, property, time, locks) are judged by the caller.
 */
final class MobileKeyVerifier {

    /** Longer tokens are refused unread: a mobile key is a few hundred bytes. */
    static final int MAX_TOKEN_CHARS = 8192;

    /**
     * The outcome: a verified credential, or a deny reason with the credential id the token
     * claims (unverified, for the audit trail only).
     */
    record Result(VerifiedCredential credential, Reason failure, String claimedCredentialId) {

        static Result ok(VerifiedCredential credential) {
            return new Result(credential, null, credential.credentialId());
        }

        static Result failed(Reason reason, String claimedCredentialId) {
            return new Result(null, reason, claimedCredentialId);
        }
    }

    private MobileKeyVerifier() {
    }

    static Result verify(String token, KeyRing keys) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Result.failed(Reason.MALFORMED, null);
        }
        VerifiedCredential known = keys.alreadyVerified(token);
        if (known != null) {
            return Result.ok(known);
        }
        Base64URL[] parts;
        try {
            parts = JOSEObject.split(token);
        } catch (ParseException e) {
            return Result.failed(Reason.MALFORMED, null);
        }
        if (parts.length != 3) {
            return Result.failed(Reason.MALFORMED, null);
        }
        Header header;
        try {
            header = Header.parse(parts[0]);
        } catch (ParseException e) {
            return Result.failed(Reason.MALFORMED, null);
        }
        String claimedId = claimedCredentialId(parts[1]);
        // "none", HS256 keyed with the public key, RS256...: anything but ES256 is refused before
        // any key is looked up, so no key can be used with an algorithm it was not made for.
        if (!(header instanceof JWSHeader jwsHeader) || !JWSAlgorithm.ES256.equals(jwsHeader.getAlgorithm())) {
            return Result.failed(Reason.BAD_SIGNATURE, claimedId);
        }
        String kid = jwsHeader.getKeyID();
        JWSVerifier verifier = kid == null ? null : keys.verifier(kid);
        if (verifier == null) {
            return Result.failed(Reason.UNKNOWN_KEY, claimedId);
        }
        JWSObject jws;
        try {
            jws = new JWSObject(parts[0], parts[1], parts[2]);
            if (!jws.verify(verifier)) {
                return Result.failed(Reason.BAD_SIGNATURE, claimedId);
            }
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Result.failed(Reason.BAD_SIGNATURE, claimedId);
        }
        VerifiedCredential credential = claims(jws.getPayload());
        if (credential == null) {
            return Result.failed(Reason.MALFORMED, claimedId);
        }
        keys.rememberVerified(token, credential);
        return Result.ok(credential);
    }

    private static VerifiedCredential claims(Payload payload) {
        try {
            JWTClaimsSet claims = JWTClaimsSet.parse(payload.toJSONObject());
            String jti = claims.getJWTID();
            String sub = claims.getSubject();
            String iss = claims.getIssuer();
            List<String> aud = claims.getAudience();
            String property = claims.getStringClaim("property_id");
            List<String> locks = claims.getStringListClaim("locks");
            Date nbf = claims.getNotBeforeTime();
            Date exp = claims.getExpirationTime();
            if (jti == null || jti.isEmpty() || sub == null || iss == null || aud == null || aud.isEmpty()
                    || property == null || locks == null || nbf == null || exp == null) {
                return null;
            }
            return new VerifiedCredential(jti, sub, iss, List.copyOf(aud), property, Set.copyOf(locks),
                    Instant.ofEpochMilli(nbf.getTime()), Instant.ofEpochMilli(exp.getTime()));
        } catch (ParseException | NullPointerException e) {
            // NullPointerException: JSON nulls inside the locks array
            return null;
        }
    }

    /** The token's {@code jti}, unverified: attacker-controlled, kept only to make audits useful. */
    private static String claimedCredentialId(Base64URL payload) {
        try {
            Object jti = new Payload(payload).toJSONObject().get("jti");
            if (jti instanceof String s && !s.isEmpty()) {
                return s.length() > 128 ? s.substring(0, 128) : s;
            }
        } catch (RuntimeException e) {
            // unreadable payload: nothing to claim
        }
        return null;
    }
}
