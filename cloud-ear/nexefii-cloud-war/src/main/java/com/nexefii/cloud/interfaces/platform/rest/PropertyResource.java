package com.nexefii.cloud.interfaces.platform.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.PropertyService;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants: created by a platform admin; a property admin reads their own. */
@Path("v1/properties")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "properties")
public class PropertyResource {

    @Inject
    PropertyService properties;
    @Inject
    Caller caller;

    /** A class with public fields, not a record: Payara's OpenAPI scanner fails on constraints of record components. */
    public static class CreateRequest {
        public @NotNull @Pattern(regexp = ApiConstraints.SLUG) String propertyId;
        public @NotBlank @Size(max = 200) String name;
    }

    @GET
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public List<Views.PropertyView> list() {
        return properties.list().stream().map(Views.PropertyView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response create(@Valid @NotNull CreateRequest r) {
        var created = properties.create(caller, new PropertyId(r.propertyId), r.name);
        return Response.status(Response.Status.CREATED).entity(Views.PropertyView.of(created)).build();
    }

    @GET
    @Path("{propertyId}")
    @RolesAllowed({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Views.PropertyView get(@PathParam("propertyId") String propertyId) {
        return Views.PropertyView.of(properties.get(caller.scope(propertyId)));
    }
}
