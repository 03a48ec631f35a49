package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.application.AuditRecorder;
import com.nexefii.cloud.domain.model.TenantIds;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits refused API requests of authenticated callers (403, and 404 for another property's
 * resources) in the caller's own property, so a property admin sees who probed what. Anonymous or
 * badly signed requests are refused by the container before this and logged there.
 */
@Provider
@ApplicationScoped
public class RefusalAudit implements ContainerResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);

    @Inject
    AuditRecorder auditRecorder;
    @Inject
    Transactions tx;
    @Inject
    JsonWebToken token;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if ((status != 403 && status != 404) || request.getSecurityContext().getUserPrincipal() == null) {
            return;
        }
        try {
            Object claim = token.getClaim("property_id");
            String own = claim == null ? null : claim.toString().replace("\"", "");
            if (!TenantIds.isValid(own)) {
                return;
            }
            String path = request.getUriInfo().getPath();
            String requested = request.getUriInfo().getPathParameters().getFirst("propertyId");
            boolean foreign = requested != null && !requested.equals(own);
            if (status == 404 && !foreign) {
                return; // an honest miss in one's own property is not a security event
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("status", Integer.toString(status));
            attributes.put("method", request.getMethod());
            attributes.put("path", path.length() > 300 ? path.substring(0, 300) : path);
            if (foreign) {
                attributes.put("requestedProperty", requested.length() > 64 ? requested.substring(0, 64) : requested);
            }
            PropertyId p = new PropertyId(own);
            String actor = token.getName() == null ? token.getSubject() : token.getName();
            tx.inPropertyRun(p, () -> auditRecorder.record(p, foreign ? "CROSS_TENANT_REQUEST_REFUSED"
                    : "API_REQUEST_FORBIDDEN", Priority.SECURITY, actor, null, null, attributes));
        } catch (RuntimeException e) {
            LOG.warn("Could not audit a refused request: {}", e.toString());
        }
    }
}
