package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.application.ApplicationFailure;
import com.nexefii.cloud.application.RefusalRecorder;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.TenantIds;
import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits the API requests an authenticated caller was refused: every 403, every 404 of a command
 * (a method taking an {@code Idempotency-Key}) and every 404 for another property's resources. The
 * record (caller, target, reason) goes to the caller's own property, in a transaction of its own
 * ({@link RefusalRecorder}), so the property's admins see who probed or tried what; refusals the
 * use case already audited where it decided them are not recorded twice. Requests without a
 * valid token are refused by the container before the application runs (401): there is no caller
 * to attribute them to.
 */
@Provider
@ApplicationScoped
public class RefusalAudit implements ContainerResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);
    /** Path parameters that name what was targeted, in the order they are reported. */
    private static final String[] TARGET_PARAMETERS = { "lockId", "gatewayId", "zoneId", "stayId", "credentialId",
            "commandId", "webhookId" };

    @Inject
    RefusalRecorder refusals;
    @Inject
    JsonWebToken token;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if ((status != 403 && status != 404) || request.getSecurityContext().getUserPrincipal() == null) {
            return;
        }
        try {
            Object failure = request.getProperty(ProblemMappers.FAILURE_ATTRIBUTE);
            if (failure instanceof ApplicationFailure f && f.isAudited()) {
                return;
            }
            Object claim = token.getClaim("property_id");
            String own = claim == null ? null : claim.toString().replace("\"", "");
            boolean platformAdmin = request.getSecurityContext().isUserInRole(Roles.PLATFORM_ADMIN);
            var parameters = request.getUriInfo().getPathParameters();
            String requested = parameters.getFirst("propertyId");
            boolean foreign = !platformAdmin && requested != null && !requested.equals(own);
            boolean command = isCommand();
            if (status == 404 && !foreign && !command) {
                return; // an honest miss while reading one's own property is not a security event
            }
            String actor = token.getName() == null ? token.getSubject() : token.getName();
            String path = request.getUriInfo().getPath();
            PropertyId recordIn = TenantIds.isValid(own) ? new PropertyId(own)
                    : platformAdmin && TenantIds.isValid(requested) ? new PropertyId(requested) : null;
            if (recordIn == null) {
                LOG.warn("Refused {} {} of {} ({}) not audited: the token names no valid property", request.getMethod(),
                        path, actor, status);
                return;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("status", Integer.toString(status));
            details.put("method", request.getMethod());
            details.put("path", path);
            if (foreign) {
                details.put("requestedProperty", requested.length() > 64 ? requested.substring(0, 64) : requested);
            }
            if (status == 403 && token.getGroups() != null) {
                details.put("roles", String.join(",", new TreeSet<>(token.getGroups())));
            }
            String lockId = parameters.getFirst("lockId");
            String type = foreign ? "CROSS_TENANT_REQUEST_REFUSED" : status == 403 ? "API_REQUEST_FORBIDDEN" : "COMMAND_REFUSED";
            refusals.record(new RefusalRecorder.Refusal(recordIn, type, actor,
                    // another property's lock ids stay out of the lock column: they name nothing here
                    !foreign && TenantIds.isValidLock(lockId) ? lockId : null, target(request, parameters),
                    reason(failure, response, status, resource), details));
        } catch (RuntimeException e) {
            LOG.warn("Could not audit a refused request: {}", e.toString());
        }
    }

    /** Commands are the methods that take an Idempotency-Key (remote unlock, lock, lockdown, commands). */
    private boolean isCommand() {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return false;
        }
        return Arrays.stream(method.getParameterAnnotations()).flatMap(Arrays::stream)
                .anyMatch(a -> a instanceof HeaderParam h && ApiConstraints.IDEMPOTENCY_HEADER.equalsIgnoreCase(h.value()));
    }

    private static String[] allowedRoles(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && resource.getResourceClass() != null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? new String[0] : roles.value();
    }

    private static String target(ContainerRequestContext request, Map<String, java.util.List<String>> parameters) {
        for (String name : TARGET_PARAMETERS) {
            var values = parameters.get(name);
            if (values != null && !values.isEmpty()) {
                return name + " " + values.get(0);
            }
        }
        return request.getMethod() + " " + request.getUriInfo().getPath();
    }

    private static String reason(Object failure, ContainerResponseContext response, int status, ResourceInfo resource) {
        if (status == 403 && !(failure instanceof ApplicationFailure)) {
            // a role check refused it (ours or the runtime's, whichever ran first): say which roles it wanted
            String[] roles = allowedRoles(resource);
            if (roles != null) {
                return roles.length == 0 ? "no role may call this method"
                        : "requires one of the roles " + String.join(", ", roles);
            }
        }
        if (failure instanceof Throwable t && t.getMessage() != null && !t.getMessage().isBlank()) {
            return t.getMessage();
        }
        if (response.getEntity() instanceof Problem p && p.detail() != null) {
            return p.detail();
        }
        return "HTTP " + status;
    }
}
