package com.nexefii.cloud.infrastructure.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a bearer token the container already verified from the {@link VerifiedTokenCache},
 * before the container's own MicroProfile JWT identity store (priority 100) verifies it again.
 * Anything else — a token not in the cache, an entry past its bounds, another kind of
 * credential — is {@code NOT_VALIDATED} here and goes on to the container's full verification;
 * {@link VerifiedTokenRecorder} keeps what that accepts.
 */
@ApplicationScoped
public class CachedTokenStore implements IdentityStore {

    private static final Logger LOG = LoggerFactory.getLogger(CachedTokenStore.class);
    /** Before the container's MicroProfile JWT store, which has the default priority (100). */
    static final int PRIORITY = 10;

    /**
     * The compact token a bearer credential carries. The MicroProfile JWT mechanism's credential
     * type belongs to the runtime (Payara's {@code SignedJWTCredential}, public
     * {@code String getSignedJWT()}), so it is read reflectively; a credential without that
     * accessor has no token and is never answered from the cache.
     */
    private static final ClassValue<Optional<MethodHandle>> TOKEN_ACCESSOR = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            try {
                return Optional.of(MethodHandles.lookup().findVirtual(type, "getSignedJWT",
                        MethodType.methodType(String.class)));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return Optional.empty();
            }
        }
    };

    @Inject
    VerifiedTokenCache cache;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        return cache.find(bearerToken(credential)).orElse(CredentialValidationResult.NOT_VALIDATED_RESULT);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    static String bearerToken(Credential credential) {
        if (credential == null) {
            return null;
        }
        Optional<MethodHandle> accessor = TOKEN_ACCESSOR.get(credential.getClass());
        if (accessor.isEmpty()) {
            return null;
        }
        try {
            return (String) accessor.get().invoke(credential);
        } catch (Throwable e) {
            LOG.warn("Could not read the token of a {}: {}", credential.getClass().getName(), e.toString());
            return null;
        }
    }

    /** Singleton pseudo-scope: the cache is a plain final class, not proxyable. */
    @Produces
    @Singleton
    static VerifiedTokenCache verifiedTokenCache(Clock clock) {
        VerifiedTokenCache cache = VerifiedTokenCache.fromConfig(
                ConfigProvider.getConfig(CachedTokenStore.class.getClassLoader()), clock);
        LOG.info("Verified-token cache {}", cache.enabled() ? "on" : "off");
        return cache;
    }
}
