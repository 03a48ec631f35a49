package com.nexefii.cloud.infrastructure.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps in the {@link VerifiedTokenCache} each bearer token the container's MicroProfile JWT
 * verification has just accepted. Jakarta Security hands every accepted result, and only an
 * accepted one, to the identity stores that only provide groups: this store adds no group, it
 * only records the result under the verified token's own raw value.
 */
@ApplicationScoped
public class VerifiedTokenRecorder implements IdentityStore {

    @Inject
    VerifiedTokenCache cache;

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.PROVIDE_GROUPS);
    }

    @Override
    public Set<String> getCallerGroups(CredentialValidationResult validationResult) {
        cache.remember(validationResult);
        return Set.of();
    }
}
