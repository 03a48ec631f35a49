package com.nexefii.cloud.interfaces.platform.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.PackageRolloutService;
import com.nexefii.cloud.application.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rolling upgrades: the platform admin registers signed packages and starts rollouts; property admins read
 * what rollouts did on their own gateways; gateways download packages through signed short-lived links.
 */
/** Signed deployment packages for rolling upgrades (platform admin): register (the body is the .dp), list. */
@Path("v1/packages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rollouts", description = "Signed gateway packages and rolling upgrades")
public class PackageResource {

    @Inject
    PackageRolloutService rollouts;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response register(byte[] content) {
        var registered = rollouts.register(caller, content);
        return Response.status(registered.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(PackageRolloutResource.PackageView.of(registered.pkg())).build();
    }

    @GET
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public List<PackageRolloutResource.PackageView> packages() {
        return rollouts.packages().stream().map(PackageRolloutResource.PackageView::of).toList();
    }
}
