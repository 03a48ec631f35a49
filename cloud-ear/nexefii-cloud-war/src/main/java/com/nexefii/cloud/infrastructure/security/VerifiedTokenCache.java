package com.nexefii.cloud.infrastructure.security;

import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens the container's MicroProfile JWT verification accepted, so that the same token
 * presented again is not verified again. Payara's verifier costs far more than the RSA check
 * itself: per request it re-parses the whole JWKS document, rebuilds the public key and looks up
 * the JSON-P provider through a class-path scan three times (bench/FINDINGS.md, scenario 5).
 *
 * <p>What a hit means. An entry is the container's own result (caller principal = the verified
 * {@link JsonWebToken}, groups = its roles) for exactly that token: the key is the SHA-256 of the
 * whole compact token, so a token that differs in any byte (another audience, another signature,
 * another key id) is a miss and goes through full verification. Only accepted tokens are kept;
 * a refusal is never cached. An entry is served only before the token's {@code exp} (the same
 * rule as the verifier: now &lt; exp), before {@code iat + mp.jwt.verify.token.age} when that is
 * set, and at most {@code nexefii.security.token-cache.max-age} after it was verified.
 *
 * <p>Revocation. MicroProfile JWT verifies tokens offline: nothing asks Keycloak whether a token
 * was revoked, with or without this cache, so a logout or a disabled user does not stop an access
 * token already issued before its {@code exp} (the realm keeps them at most 5 minutes). The cache
 * never lets a token outlive its {@code exp}. The one thing it delays is the withdrawal of a
 * signing key from the realm's JWKS: the container itself re-reads the JWKS only every 5 minutes
 * (Keycloak sends no max-age), and a token verified shortly before stays accepted here up to
 * max-age longer (default 1 minute; {@code PT0S} turns the cache off).
 *
 * <p>Bounded: at most {@code nexefii.security.token-cache.max-entries} tokens; expired entries
 * are swept at most once per max-age, and when the cache is full of live tokens a new token is
 * simply verified every time rather than evicting anything.
 */
public final class VerifiedTokenCache {

    public static final String MAX_AGE = "nexefii.security.token-cache.max-age";
    public static final String MAX_ENTRIES = "nexefii.security.token-cache.max-entries";
    /** The MicroProfile JWT setting the verifier applies; honoured so a hit never outlives it. */
    public static final String TOKEN_AGE = "mp.jwt.verify.token.age";

    private record Entry(CredentialValidationResult result, long deadlineMillis) {
    }

    private final Duration maxAge;
    private final int maxEntries;
    private final Optional<Duration> tokenAge;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile long nextSweepMillis;

    public VerifiedTokenCache(Duration maxAge, int maxEntries, Optional<Duration> tokenAge, Clock clock) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException(MAX_AGE + " must not be negative but was " + maxAge);
        }
        if (maxEntries < 0) {
            throw new IllegalArgumentException(MAX_ENTRIES + " must not be negative but was " + maxEntries);
        }
        if (tokenAge.isPresent() && tokenAge.get().isNegative()) {
            throw new IllegalArgumentException(TOKEN_AGE + " must not be negative but was " + tokenAge.get());
        }
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.tokenAge = tokenAge;
        this.clock = clock;
    }

    public static VerifiedTokenCache fromConfig(Config config, Clock clock) {
        return new VerifiedTokenCache(config.getOptionalValue(MAX_AGE, Duration.class).orElse(Duration.ofMinutes(1)),
                config.getOptionalValue(MAX_ENTRIES, Integer.class).orElse(4096),
                config.getOptionalValue(TOKEN_AGE, Long.class).map(Duration::ofSeconds), clock);
    }

    public boolean enabled() {
        return maxEntries > 0 && !maxAge.isZero();
    }

    /** The container's result for this exact token, if it accepted it and the entry is still within its bounds. */
    public Optional<CredentialValidationResult> find(String token) {
        if (!enabled() || token == null) {
            return Optional.empty();
        }
        String key = key(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.millis() >= entry.deadlineMillis()) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.result());
    }

    /**
     * Keeps a result the container accepted. Only a valid result whose caller is a verified
     * {@link JsonWebToken} with an expiry is kept, and only under that token's own raw value.
     */
    public void remember(CredentialValidationResult verified) {
        if (!enabled() || verified.getStatus() != CredentialValidationResult.Status.VALID
                || !(verified.getCallerPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null) {
            return;
        }
        long now = clock.millis();
        long deadline = deadline(jwt, now);
        if (deadline <= now) {
            return;
        }
        sweepIfDue(now);
        if (entries.size() >= maxEntries) {
            return; // full of live tokens: verify new ones every time rather than evict anyone's
        }
        entries.putIfAbsent(key(jwt.getRawToken()), new Entry(verified, deadline));
    }

    int size() {
        return entries.size();
    }

    private long deadline(JsonWebToken jwt, long now) {
        long exp = seconds(jwt, Claims.exp);
        if (exp <= 0) {
            return now; // no expiry claim: never cached (the verifier requires one anyway)
        }
        long deadline = Math.min(Math.multiplyExact(exp, 1000L), now + maxAge.toMillis());
        if (tokenAge.isPresent()) {
            long iat = seconds(jwt, Claims.iat);
            if (iat <= 0) {
                return now;
            }
            deadline = Math.min(deadline, Math.multiplyExact(iat, 1000L) + tokenAge.get().toMillis());
        }
        return deadline;
    }

    /** A NumericDate claim in seconds, 0 when absent or not a number (the default getters unbox null). */
    private static long seconds(JsonWebToken jwt, Claims claim) {
        return jwt.getClaim(claim.name()) instanceof Number n ? n.longValue() : 0;
    }

    private void sweepIfDue(long now) {
        if (now < nextSweepMillis && entries.size() < maxEntries) {
            return;
        }
        nextSweepMillis = now + Math.max(maxAge.toMillis(), 1000L);
        entries.values().removeIf(e -> now >= e.deadlineMillis());
    }

    /** SHA-256 of the whole compact token: equal keys mean byte-for-byte the same token. */
    static String key(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return Base64.getEncoder().encodeToString(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
