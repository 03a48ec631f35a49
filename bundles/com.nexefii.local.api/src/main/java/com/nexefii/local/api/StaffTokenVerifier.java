package com.nexefii.local.api;

import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies a Keycloak access token offline: RS256 only, a key of the cached JWKS named by its
 * {@code kid}, issuer, audience, expiry (with the configured skew), a staff role in
 * {@code groups}, and {@code property_id} equal to this gateway's property.
 */
final class StaffTokenVerifier {

    /** Who called, once the token verified. */
    record StaffCaller(String subject, Set<String> roles) {
    }

    /**
     * The outcome.
     *
     * @param caller the verified caller, or {@code null}
     * @param forbidden true when the token is genuine but does not entitle its holder (403, not 401)
     * @param reason machine-readable: {@code INVALID_TOKEN}, {@code WRONG_PROPERTY}, {@code NOT_PERMITTED}
     * @param detail for the problem's detail; never the token
     */
    record Result(StaffCaller caller, boolean forbidden, String reason, String detail) {

        static Result ok(StaffCaller caller) {
            return new Result(caller, false, null, null);
        }

        static Result invalid(String detail) {
            return new Result(null, false, "INVALID_TOKEN", detail);
        }

        static Result forbidden(String reason, String detail, StaffCaller caller) {
            return new Result(caller, true, reason, detail);
        }

        boolean verified() {
            return reason == null;
        }
    }

    private final KeycloakKeys keys;
    private final Set<String> staffRoles;
    private final String propertyId;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    StaffTokenVerifier(KeycloakKeys keys, LocalApiOptions options, String propertyId) {
        this.keys = keys;
        this.staffRoles = options.staffRoles();
        this.propertyId = propertyId;
        // Keycloak access tokens carry typ "JWT" in the header (and "Bearer" in the payload).
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                (selector, context) -> selector.select(keys.current())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(options.tokenAudience(),
                new JWTClaimsSet.Builder().issuer(options.tokenIssuer()).build(), Set.of("sub", "exp", "iat"));
        claims.setMaxClockSkew((int) options.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    Result verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 16_384) {
            return Result.invalid("no token, or too long");
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            String kid = jwt.getHeader().getKeyID();
            if (JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) && !keys.knows(kid)) {
                keys.unknownKeySeen();
            }
            claims = processor.process(jwt, null);
        } catch (ParseException e) {
            return Result.invalid("not a signed JWT");
        } catch (BadJOSEException e) {
            return Result.invalid(e.getMessage());
        } catch (JOSEException e) {
            return Result.invalid("token could not be verified");
        }
        StaffCaller caller;
        try {
            List<String> groups = claims.getStringListClaim("groups");
            caller = new StaffCaller(claims.getSubject(), groups == null ? Set.of() : Set.copyOf(groups));
            String tokenProperty = claims.getStringClaim("property_id");
            if (!propertyId.equals(tokenProperty)) {
                return Result.forbidden("WRONG_PROPERTY", "the token is for property " + tokenProperty
                        + ", this gateway serves " + propertyId, caller);
            }
        } catch (ParseException | NullPointerException e) {
            return Result.invalid("groups or property_id claim is malformed");
        }
        Set<String> staff = new HashSet<>(caller.roles());
        staff.retainAll(staffRoles);
        if (staff.isEmpty()) {
            return Result.forbidden("NOT_PERMITTED", "no staff role in groups", caller);
        }
        return Result.ok(caller);
    }
}
