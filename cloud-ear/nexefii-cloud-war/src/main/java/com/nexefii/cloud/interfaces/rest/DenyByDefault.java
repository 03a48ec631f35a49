package com.nexefii.cloud.interfaces.rest;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Deny by default, and consistent 401/403 answers: a resource method without
 * {@code @RolesAllowed} or {@code @PermitAll} (on itself or its class) is refused for everyone; a
 * method with roles refuses an anonymous caller with 401 and a caller without one of its roles with
 * 403, as problem details.
 */
@Provider
public class DenyByDefault implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method.isAnnotationPresent(PermitAll.class)
                || (!method.isAnnotationPresent(RolesAllowed.class) && !method.isAnnotationPresent(DenyAll.class)
                        && type.isAnnotationPresent(PermitAll.class))) {
            return;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && !method.isAnnotationPresent(DenyAll.class)) {
            roles = type.getAnnotation(RolesAllowed.class);
        }
        String[] allowed = roles == null ? new String[0] : roles.value();
        context.register((ContainerRequestFilter) request -> {
            var security = request.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                throw new jakarta.ws.rs.NotAuthorizedException("Bearer");
            }
            for (String role : allowed) {
                if (security.isUserInRole(role)) {
                    return;
                }
            }
            // the message is the audited reason (RefusalAudit); the caller gets a fixed problem detail
            throw new jakarta.ws.rs.ForbiddenException(allowed.length == 0 ? "no role may call this method"
                    : "requires one of the roles " + String.join(", ", allowed));
        }, jakarta.ws.rs.Priorities.AUTHORIZATION);
    }
}
