package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller as the token says: subject, realm roles and tenant ({@code property_id}
 * claim). A platform admin has no tenant and may act on any property.
 */
public record Caller(String subject, Set<String> roles, Optional<PropertyId> propertyId) {

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean platformAdmin() {
        return has(Roles.PLATFORM_ADMIN);
    }

    /**
     * The property this caller may act on when it asks for {@code requested}. Another tenant's
     * property is answered as not found: ids of other hotels are neither confirmed nor denied.
     */
    public PropertyId scope(String requested) {
        if (requested == null || !com.nexefii.cloud.domain.model.TenantIds.isValid(requested)) {
            throw new ResourceNotFound("property", requested);
        }
        PropertyId wanted = new PropertyId(requested);
        if (platformAdmin() || propertyId.filter(wanted::equals).isPresent()) {
            return wanted;
        }
        throw new ResourceNotFound("property", requested);
    }

    /** The caller's own property (guests, staff); a caller without one has nothing to see. */
    public PropertyId ownProperty() {
        return propertyId.orElseThrow(() -> new ActionNotAllowed("the token carries no property_id"));
    }
}
