package com.nexefii.cloud.interfaces.property.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.CommandService;
import com.nexefii.cloud.application.LockService;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
import com.nexefii.cloud.interfaces.rest.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Locks, zones, remote lock/unlock and lockdown of one property. */
@Path("v1/properties/{propertyId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "locks", description = "Locks, zones, remote lock/unlock, lockdown")
public class LockResource {

    @Inject
    LockService locks;
    @Inject
    Caller caller;

    @PathParam("propertyId")
    String propertyId;

    /** A class with public fields, not a record: Payara's OpenAPI scanner fails on constraints of record components. */
    public static class RemoteRequest {
        public @Min(1) @Max(3600) Integer relockAfterSeconds;
    }

    public static class LockdownRequest {
        public @NotNull Boolean on;
        public @Pattern(regexp = ApiConstraints.SLUG) String zoneId;
    }

    public static class ZoneRequest {
        public @NotNull @Pattern(regexp = ApiConstraints.SLUG) String zoneId;
        public @NotBlank @Size(max = 200) String name;
        public @NotNull @Pattern(regexp = "ROOM|AREA|STAFF|PERIMETER") String kind;
        public @Size(max = 500) List<@Pattern(regexp = ApiConstraints.LOCK_ID) String> lockIds;
    }

    public static class StaffZoneRequest {
        public @NotNull @Pattern(regexp = ApiConstraints.SLUG) String role;
    }

    @GET
    @Path("locks")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.LockView> list() {
        return locks.list(caller.scope(propertyId)).stream().map(Views.LockView::of).toList();
    }

    @GET
    @Path("locks/{lockId}")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Views.LockView get(@PathParam("lockId") String lockId) {
        return Views.LockView.of(locks.get(caller.scope(propertyId), lockId));
    }

    @POST
    @Path("locks/{lockId}/unlock")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Response unlock(@PathParam("lockId") String lockId, @Valid RemoteRequest request,
            @HeaderParam(ApiConstraints.IDEMPOTENCY_HEADER) @NotNull @Pattern(regexp = ApiConstraints.IDEMPOTENCY_KEY)
            String idempotencyKey) {
        return answer(locks.remote(caller.scope(propertyId), caller, lockId, CommandType.UNLOCK,
                request == null ? null : request.relockAfterSeconds, idempotencyKey));
    }

    @POST
    @Path("locks/{lockId}/lock")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Response lock(@PathParam("lockId") String lockId,
            @HeaderParam(ApiConstraints.IDEMPOTENCY_HEADER) @NotNull @Pattern(regexp = ApiConstraints.IDEMPOTENCY_KEY)
            String idempotencyKey) {
        return answer(locks.remote(caller.scope(propertyId), caller, lockId, CommandType.LOCK, null, idempotencyKey));
    }

    @POST
    @Path("lockdown")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Response lockdown(@Valid @NotNull LockdownRequest request,
            @HeaderParam(ApiConstraints.IDEMPOTENCY_HEADER) @NotNull @Pattern(regexp = ApiConstraints.IDEMPOTENCY_KEY)
            String idempotencyKey) {
        List<Views.CommandView> commands = locks.lockdown(caller.scope(propertyId), caller, request.zoneId,
                request.on, idempotencyKey).stream().map(d -> Views.CommandView.of(d.command())).toList();
        return Response.status(Response.Status.ACCEPTED).entity(commands).build();
    }

    @GET
    @Path("zones")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.ZoneView> zones() {
        return locks.zones(caller.scope(propertyId)).stream().map(Views.ZoneView::of).toList();
    }

    @POST
    @Path("zones")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Response addZone(@Valid @NotNull ZoneRequest request) {
        var zone = locks.addZone(caller.scope(propertyId), caller, request.zoneId, request.name, request.kind,
                request.lockIds);
        return Response.status(Response.Status.CREATED).entity(Views.ZoneView.of(zone)).build();
    }

    @POST
    @Path("zones/{zoneId}/staff-roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Response grantZone(@PathParam("zoneId") @Pattern(regexp = ApiConstraints.SLUG) String zoneId,
            @Valid @NotNull StaffZoneRequest request) {
        locks.grantZoneToRole(caller.scope(propertyId), caller, zoneId, request.role);
        return Response.noContent().build();
    }

    private static Response answer(CommandService.Dispatched d) {
        return Response.status(d.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(Views.CommandView.of(d.command())).build();
    }
}
