package com.nexefii.cloud.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    /** Like Payara's SignedJWTCredential: the compact token behind a public getSignedJWT(). */
    public static final class BearerCredential implements Credential {
        private final String token;

        BearerCredential(String token) {
            this.token = token;
        }

        public String getSignedJWT() {
            return token;
        }
    }

    /** A verified token as the container's principal (like Payara's JsonWebTokenImpl): its claims, raw token included. */
    static final class VerifiedToken extends CallerPrincipal implements JsonWebToken {
        private final Map<String, Object> claims;

        VerifiedToken(Map<String, Object> claims) {
            super((String) claims.get("upn"));
            this.claims = claims;
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    private static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static String token(String name, String audience) {
        return "eyJhbGciOiJSUzI1NiJ9." + name + "-" + audience + ".c2lnbmF0dXJl";
    }

    private static CredentialValidationResult accepted(String raw, Instant exp, Instant iat, String... groups) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("upn", "staff-a");
        claims.put("raw_token", raw);
        if (exp != null) {
            claims.put("exp", exp.getEpochSecond());
        }
        claims.put("iat", iat.getEpochSecond());
        return new CredentialValidationResult(new VerifiedToken(claims), Set.of(groups));
    }

    private VerifiedTokenCache cache(Duration maxAge, int maxEntries) {
        return new VerifiedTokenCache(maxAge, maxEntries, Optional.empty(), clock);
    }

    /** What Jakarta Security's handler does: the cache store first, then (on a miss) the container's verifier, then the recorder. */
    private static CredentialValidationResult authenticate(VerifiedTokenCache cache, Credential credential,
            IdentityStore containerVerifier) {
        CachedTokenStore store = new CachedTokenStore();
        store.cache = cache;
        VerifiedTokenRecorder recorder = new VerifiedTokenRecorder();
        recorder.cache = cache;
        CredentialValidationResult result = store.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            result = containerVerifier.validate(credential);
        }
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            recorder.getCallerGroups(result);
        }
        return result;
    }

    /** A stand-in for the container's verifier that accepts only the given tokens and counts its calls. */
    static final class CountingVerifier implements IdentityStore {
        final Map<String, CredentialValidationResult> valid = new HashMap<>();
        int calls;

        @Override
        public CredentialValidationResult validate(Credential credential) {
            calls++;
            return valid.getOrDefault(CachedTokenStore.bearerToken(credential), CredentialValidationResult.INVALID_RESULT);
        }
    }

    @Test
    void givenATokenTheContainerAccepted_whenPresentedAgain_thenAnsweredFromTheCacheWithItsCallerAndGroups() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 10);
        String staff = token("staff-a", "nexefii-api");
        CountingVerifier verifier = new CountingVerifier();
        verifier.valid.put(staff, accepted(staff, NOW.plusSeconds(300), NOW, "staff"));

        CredentialValidationResult first = authenticate(cache, new BearerCredential(staff), verifier);
        CredentialValidationResult second = authenticate(cache, new BearerCredential(staff), verifier);

        assertThat(verifier.calls).isEqualTo(1);
        assertThat(second.getStatus()).isEqualTo(CredentialValidationResult.Status.VALID);
        assertThat(second.getCallerPrincipal()).isSameAs(first.getCallerPrincipal());
        assertThat(second.getCallerGroups()).containsExactly("staff");
    }

    @Test
    void givenAValidTokenCached_whenATokenDifferingInAnyByteIsPresented_thenTheContainerVerifiesItAndRefusesIt() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 10);
        String staff = token("staff-a", "nexefii-api");
        CountingVerifier verifier = new CountingVerifier();
        verifier.valid.put(staff, accepted(staff, NOW.plusSeconds(300), NOW, "staff"));
        authenticate(cache, new BearerCredential(staff), verifier);

        // the same claims for another audience with the cached token's signature; another key id; a truncated token
        for (String other : new String[] { token("staff-a", "another-api"), staff.replace("eyJhbGciOiJSUzI1NiJ9",
                "eyJhbGciOiJSUzI1NiIsImtpZCI6InVua25vd24ifQ"), staff.substring(0, staff.length() - 1) }) {
            int before = verifier.calls;
            assertThat(authenticate(cache, new BearerCredential(other), verifier).getStatus())
                    .isEqualTo(CredentialValidationResult.Status.INVALID);
            assertThat(verifier.calls).isEqualTo(before + 1);
        }
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void givenACachedToken_whenItsExpiryIsReached_thenItIsNoLongerAnsweredAndTheContainerRefusesIt() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(10), 10);
        String staff = token("staff-a", "nexefii-api");
        CountingVerifier verifier = new CountingVerifier();
        verifier.valid.put(staff, accepted(staff, NOW.plusSeconds(30), NOW, "staff"));
        authenticate(cache, new BearerCredential(staff), verifier);

        clock.advance(Duration.ofSeconds(29).plusMillis(999));
        assertThat(cache.find(staff)).isPresent();
        clock.advance(Duration.ofMillis(1)); // now == exp: the verifier's rule is now < exp
        assertThat(cache.find(staff)).isEmpty();
        verifier.valid.clear(); // the container refuses the expired token
        assertThat(authenticate(cache, new BearerCredential(staff), verifier).getStatus())
                .isEqualTo(CredentialValidationResult.Status.INVALID);
    }

    @Test
    void givenACachedToken_whenMaxAgePasses_thenTheContainerVerifiesItAgain() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 10);
        String staff = token("staff-a", "nexefii-api");
        CountingVerifier verifier = new CountingVerifier();
        verifier.valid.put(staff, accepted(staff, NOW.plusSeconds(300), NOW, "staff"));
        authenticate(cache, new BearerCredential(staff), verifier);

        clock.advance(Duration.ofSeconds(60));
        authenticate(cache, new BearerCredential(staff), verifier);

        assertThat(verifier.calls).isEqualTo(2);
    }

    @Test
    void givenATokenAgeLimit_whenTheTokenIsOlder_thenItIsNotAnswered() {
        VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofMinutes(5), 10, Optional.of(Duration.ofSeconds(10)),
                clock);
        String staff = token("staff-a", "nexefii-api");
        cache.remember(accepted(staff, NOW.plusSeconds(300), NOW.minusSeconds(5), "staff"));

        assertThat(cache.find(staff)).isPresent();
        clock.advance(Duration.ofSeconds(5));
        assertThat(cache.find(staff)).isEmpty();
    }

    @Test
    void givenRefusedOrUnboundedResults_whenRecorded_thenNothingIsCached() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 10);
        String staff = token("staff-a", "nexefii-api");
        cache.remember(CredentialValidationResult.INVALID_RESULT);
        cache.remember(CredentialValidationResult.NOT_VALIDATED_RESULT);
        cache.remember(accepted(staff, null, NOW, "staff")); // no exp
        cache.remember(accepted(staff, NOW, NOW.minusSeconds(60), "staff")); // already expired
        cache.remember(new CredentialValidationResult("staff-a")); // not a verified token

        assertThat(cache.size()).isZero();
        assertThat(cache.find(staff)).isEmpty();
    }

    @Test
    void givenACredentialWithoutABearerToken_whenValidated_thenNotValidatedHere() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 10);
        CachedTokenStore store = new CachedTokenStore();
        store.cache = cache;

        assertThat(store.validate(new UsernamePasswordCredential("staff-a", "test-staff-a-pass")).getStatus())
                .isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
        assertThat(store.validate(new BearerCredential(null)).getStatus())
                .isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
    }

    @Test
    void givenTheStores_whenOrderedByJakartaSecurity_thenTheCacheComesBeforeTheContainerAndTheRecorderOnlyProvidesGroups() {
        assertThat(new CachedTokenStore().priority()).isLessThan(new CountingVerifier().priority());
        assertThat(new CachedTokenStore().validationTypes()).contains(IdentityStore.ValidationType.VALIDATE,
                IdentityStore.ValidationType.PROVIDE_GROUPS); // so the handler keeps the cached groups
        assertThat(new VerifiedTokenRecorder().validationTypes()).containsExactly(IdentityStore.ValidationType.PROVIDE_GROUPS);
    }

    @Test
    void givenAFullCacheOfLiveTokens_whenANewTokenIsAccepted_thenItIsNotCachedUntilEntriesExpire() {
        VerifiedTokenCache cache = cache(Duration.ofSeconds(60), 2);
        cache.remember(accepted(token("a", "x"), NOW.plusSeconds(30), NOW, "staff"));
        cache.remember(accepted(token("b", "x"), NOW.plusSeconds(300), NOW, "staff"));
        cache.remember(accepted(token("c", "x"), NOW.plusSeconds(300), NOW, "staff"));
        assertThat(cache.find(token("c", "x"))).isEmpty();

        clock.advance(Duration.ofSeconds(30)); // a expires and is swept
        cache.remember(accepted(token("c", "x"), NOW.plusSeconds(300), NOW, "staff"));
        assertThat(cache.find(token("c", "x"))).isPresent();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void givenZeroMaxAgeOrEntries_whenUsed_thenNothingIsCached() {
        for (VerifiedTokenCache off : new VerifiedTokenCache[] { cache(Duration.ZERO, 10), cache(Duration.ofMinutes(1), 0) }) {
            String staff = token("staff-a", "nexefii-api");
            off.remember(accepted(staff, NOW.plusSeconds(300), NOW, "staff"));
            assertThat(off.enabled()).isFalse();
            assertThat(off.find(staff)).isEmpty();
        }
    }

    @Test
    void givenNegativeSettings_whenCreated_thenTheErrorNamesTheProperty() {
        assertThatThrownBy(() -> cache(Duration.ofSeconds(-1), 10)).hasMessageContaining(VerifiedTokenCache.MAX_AGE);
        assertThatThrownBy(() -> cache(Duration.ofSeconds(1), -1)).hasMessageContaining(VerifiedTokenCache.MAX_ENTRIES);
    }
}
