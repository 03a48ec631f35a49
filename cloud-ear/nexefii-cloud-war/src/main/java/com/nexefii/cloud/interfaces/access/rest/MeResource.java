package com.nexefii.cloud.interfaces.access.rest;

import com.nexefii.cloud.application.AccessService;
import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.CommandService;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
import com.nexefii.cloud.interfaces.rest.Ids;
import com.nexefii.cloud.interfaces.rest.Paging;
import com.nexefii.cloud.interfaces.rest.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The guest's own access: stays, mobile keys, remote unlock of a granted door, history. */
@Path("v1/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "me", description = "The caller's own stays, keys and access history")
public class MeResource {

    @Inject
    AccessService access;
    @Inject
    Caller caller;

    /** A class with public fields, not a record: Payara's OpenAPI scanner fails on constraints of record components. */
    public static class KeyRequest {
        public @Pattern(regexp = ApiConstraints.UUID) String stayId;
    }

    @GET
    @Path("stays")
    @RolesAllowed({ Roles.GUEST, Roles.STAFF })
    @Operation(summary = "My stays, with the local address of each door's gateway",
            description = "localApiUrls maps a lock of the stay to the https address of its gateway's local API on the "
                    + "property network (set by the property admin; absent when none is set): the app opens the door "
                    + "there first with the mobile key, and through the cloud when the gateway cannot be reached.")
    public List<Views.MyStayView> stays() {
        return access.myStays(caller).stream().map(s -> Views.MyStayView.of(s.stay(), s.localApiUrls())).toList();
    }

    @GET
    @Path("keys")
    @RolesAllowed({ Roles.GUEST, Roles.STAFF })
    public List<Views.KeyView> keys() {
        return access.myKeys(caller).stream().map(Views.KeyView::of).toList();
    }

    @POST
    @Path("keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GUEST, Roles.STAFF })
    @Operation(summary = "Request a mobile key for my stay in force",
            description = "Returns a compact JWS (ES256) the gateway verifies offline with the keys of /api/v1/jwks")
    public Response requestKey(KeyRequest request) {
        var stayId = request == null || request.stayId == null ? null : Ids.uuid("stay", request.stayId);
        AccessService.IssuedKey issued = access.requestKey(caller, stayId);
        var k = issued.key();
        return Response.status(Response.Status.CREATED).entity(new Views.IssuedKeyView(issued.token(),
                k.credentialId().toString(), k.lockIds(), k.notBefore(), k.expiresAt())).build();
    }

    @POST
    @Path("locks/{lockId}/unlock")
    @RolesAllowed({ Roles.GUEST, Roles.STAFF })
    @Operation(summary = "Open a door my stay grants, through the cloud")
    public Response unlock(@PathParam("lockId") @Pattern(regexp = ApiConstraints.LOCK_ID) String lockId,
            @HeaderParam(ApiConstraints.IDEMPOTENCY_HEADER) @NotNull @Pattern(regexp = ApiConstraints.IDEMPOTENCY_KEY)
            String idempotencyKey) {
        CommandService.Dispatched d = access.remoteUnlock(caller, lockId, idempotencyKey);
        return Response.status(d.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(Views.CommandView.of(d.command())).build();
    }

    @GET
    @Path("history")
    @RolesAllowed({ Roles.GUEST, Roles.STAFF })
    public Views.AuditPageView history(@BeanParam @Valid Paging paging) {
        return Views.AuditPageView.of(access.myHistory(caller, paging.offset, paging.limit));
    }
}
