package com.nexefii.cloud.interfaces.property.rest;

import com.nexefii.cloud.application.AuditService;
import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.audit.AuditQuery;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
import com.nexefii.cloud.interfaces.rest.Paging;
import com.nexefii.cloud.interfaces.rest.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Audit search of one property: filters are validated and bound as SQL parameters. */
@Path("v1/properties/{propertyId}/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {

    @Inject
    AuditService audit;
    @Inject
    Caller caller;

    @GET
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Views.AuditPageView query(@PathParam("propertyId") String propertyId,
            @QueryParam("type") List<@Pattern(regexp = "^[A-Z][A-Z_]{0,63}$") String> types,
            @QueryParam("lockId") @Pattern(regexp = ApiConstraints.LOCK_ID) String lockId,
            @QueryParam("gatewayId") @Pattern(regexp = ApiConstraints.SLUG) String gatewayId,
            @QueryParam("actor") @Pattern(regexp = "^.{1,256}$") String actor,
            @QueryParam("priority") @Pattern(regexp = "SECURITY|NORMAL|TELEMETRY") String priority,
            @QueryParam("from") Instant from, @QueryParam("to") Instant to,
            @BeanParam @Valid Paging paging) {
        var p = caller.scope(propertyId);
        if (types != null && types.size() > 20) {
            throw new com.nexefii.cloud.application.InvalidRequest("at most 20 event types per search");
        }
        return Views.AuditPageView.of(audit.query(p, new AuditQuery(types == null ? null : new LinkedHashSet<>(types),
                lockId, gatewayId, actor, priority == null ? null : Priority.valueOf(priority), from, to, paging.offset, paging.limit)));
    }
}
