package com.nexefii.cloud.interfaces.analytics.rest;

import com.nexefii.cloud.application.AnalyticsService;
import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("v1/properties/{propertyId}/analytics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "Door usage, denied attempts, battery forecast, gateway uptime")
public class AnalyticsResource {

    @Inject
    AnalyticsService analytics;
    @Inject
    Caller caller;

    @GET
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Dashboard numbers of the last N days",
            description = "Door openings (UNLOCKED events) per hour, denied attempts per door, battery level of each lock with "
                    + "a least-squares line over its readings of the last 30 days and the date it reaches the low level "
                    + "(needsBattery when within 30 days), and each gateway's uptime in the period.")
    public AnalyticsService.Report report(@PathParam("propertyId") String propertyId,
            @QueryParam("days") @DefaultValue("7") int days) {
        // 1..90 is checked by the service: with @Min/@Max here Payara 6.2025.10 failed to build the
        // OpenAPI document (NullPointerException in ApplicationProcessor.visitMax)
        return analytics.report(caller.scope(propertyId), days);
    }
}
