package com.nexefii.cloud.interfaces.platform.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.PackageRolloutService;
import com.nexefii.cloud.application.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rolling upgrades: the platform admin registers signed packages and starts rollouts; property admins read
 * what rollouts did on their own gateways; gateways download packages through signed short-lived links.
 */
/** Read-only: what package rollouts did on one property's gateways (property admins: their own property). */
@Path("v1/properties/{propertyId}/package-rollouts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rollouts", description = "Signed gateway packages and rolling upgrades")
public class PropertyRolloutResource {

    @Inject
    PackageRolloutService rollouts;
    @Inject
    Caller caller;

    /** Read-only: what rollouts did on this property's gateways. */
    @GET
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<PackageRolloutResource.StepView> propertySteps(@PathParam("propertyId") String propertyId) {
        return rollouts.propertySteps(caller.scope(propertyId)).stream().map(PackageRolloutResource.StepView::of).toList();
    }
}
