package com.nexefii.cloud.interfaces.property.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.application.StayService;
import com.nexefii.cloud.domain.model.stay.StayStatus;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
import com.nexefii.cloud.interfaces.rest.Ids;
import com.nexefii.cloud.interfaces.rest.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Front desk: stays (grants) and credentials of one property. */
@Path("v1/properties/{propertyId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stays", description = "Check-in, check-out, room move, extension; credential revocation")
public class StayResource {

    @Inject
    StayService stays;
    @Inject
    Caller caller;

    @PathParam("propertyId")
    String propertyId;

    /** A class with public fields, not a record: Payara's OpenAPI scanner fails on constraints of record components. */
    public static class CheckInRequest {
        public @NotBlank @Size(max = 256) String holder;
        public @Pattern(regexp = ApiConstraints.SLUG) String roomZoneId;
        public @Size(max = 100) List<@Pattern(regexp = ApiConstraints.LOCK_ID) String> lockIds;
        public @NotNull Instant validFrom;
        public @NotNull Instant validUntil;
    }

    public static class MoveRequest {
        public @Pattern(regexp = ApiConstraints.SLUG) String roomZoneId;
        public @Size(max = 100) List<@Pattern(regexp = ApiConstraints.LOCK_ID) String> lockIds;
    }

    public static class ExtendRequest {
        public @NotNull Instant validUntil;
    }

    public static class RevokeRequest {
        public @Size(max = 500) String reason;
    }

    @GET
    @Path("stays")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public List<Views.StayView> list(@QueryParam("status") @Pattern(regexp = "CHECKED_IN|CHECKED_OUT") String status) {
        return stays.list(caller.scope(propertyId), status == null ? null : StayStatus.valueOf(status)).stream()
                .map(Views.StayView::of).toList();
    }

    @POST
    @Path("stays")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Response checkIn(@Valid @NotNull CheckInRequest r) {
        var stay = stays.checkIn(caller.scope(propertyId), caller,
                new StayService.CheckIn(r.holder, r.roomZoneId, r.lockIds, r.validFrom, r.validUntil));
        return Response.status(Response.Status.CREATED).entity(Views.StayView.of(stay)).build();
    }

    @GET
    @Path("stays/{stayId}")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Views.StayView get(@PathParam("stayId") String stayId) {
        return Views.StayView.of(stays.get(caller.scope(propertyId), Ids.uuid("stay", stayId)));
    }

    @POST
    @Path("stays/{stayId}/check-out")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Views.StayView checkOut(@PathParam("stayId") String stayId) {
        var p = caller.scope(propertyId);
        return Views.StayView.of(stays.checkOut(p, caller, Ids.uuid("stay", stayId)));
    }

    @POST
    @Path("stays/{stayId}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Views.StayView move(@PathParam("stayId") String stayId, @Valid @NotNull MoveRequest r) {
        var p = caller.scope(propertyId);
        return Views.StayView.of(stays.move(p, caller, Ids.uuid("stay", stayId), r.roomZoneId, r.lockIds));
    }

    @POST
    @Path("stays/{stayId}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Views.StayView extend(@PathParam("stayId") String stayId, @Valid @NotNull ExtendRequest r) {
        var p = caller.scope(propertyId);
        return Views.StayView.of(stays.extend(p, caller, Ids.uuid("stay", stayId), r.validUntil));
    }

    @POST
    @Path("credentials/{credentialId}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN })
    public Response revoke(@PathParam("credentialId") String credentialId, @Valid RevokeRequest r) {
        var p = caller.scope(propertyId);
        var revocation = stays.revoke(p, caller, Ids.uuid("credential", credentialId), r == null ? null : r.reason);
        return Response.ok(java.util.Map.of("credentialId", revocation.credentialId().toString(),
                "revokedAt", revocation.revokedAt().toString(), "expiresAt", revocation.expiresAt().toString())).build();
    }
}
