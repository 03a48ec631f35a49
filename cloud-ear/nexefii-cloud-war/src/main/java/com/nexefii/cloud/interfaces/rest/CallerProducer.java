package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.domain.model.TenantIds;
import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The verified token of the request, as the application's {@link Caller}: subject = user name. */
@RequestScoped
public class CallerProducer {

    @Inject
    JsonWebToken token;

    /** Dependent: a record cannot be proxied, and every resource using it is request-scoped anyway. */
    @Produces
    @jakarta.enterprise.context.Dependent
    Caller caller() {
        return callerOf(token);
    }

    /** The caller a verified token stands for (also for the notification stream's servlet). */
    public static Caller callerOf(JsonWebToken token) {
        if (token == null || token.getRawToken() == null || token.getSubject() == null) {
            throw new NotAuthorizedException("Bearer");
        }
        Object claim = token.getClaim("property_id");
        String property = claim == null ? null : claim.toString().replace("\"", "");
        Optional<PropertyId> propertyId = TenantIds.isValid(property) ? Optional.of(new PropertyId(property))
                : Optional.empty();
        Set<String> groups = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
        // the user name (upn / preferred_username) is what front desks and gateways' grants name;
        // Keycloak keeps it unique in the realm and does not let users change it
        String name = token.getName() == null || token.getName().isBlank() ? token.getSubject() : token.getName();
        return new Caller(name, groups, propertyId);
    }
}
