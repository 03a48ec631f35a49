package com.nexefii.cloud.interfaces.webhook.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.application.WebhookService;
import com.nexefii.cloud.interfaces.rest.Ids;
import com.nexefii.cloud.interfaces.rest.Paging;
import com.nexefii.cloud.interfaces.rest.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhooks for integrators. Deliveries are POSTed as JSON with
 * {@code X-Nexefii-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body))}.
 */
@Path("v1/properties/{propertyId}/webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks")
public class WebhookResource {

    @Inject
    WebhookService webhooks;
    @Inject
    Caller caller;

    @PathParam("propertyId")
    String propertyId;

    /** A class with public fields, not a record: Payara's OpenAPI scanner fails on constraints of record components. */
    public static class SubscribeRequest {
        public @NotNull @Size(max = 2000) String url;
        public @NotEmpty @Size(max = 50) Set<@Pattern(regexp = "^(\\*|[A-Z][A-Z_]{0,63})$") String> eventTypes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Subscribe to event types", description = "The answer carries the signing secret, once")
    public Response subscribe(@Valid @NotNull SubscribeRequest r) {
        URI url;
        try {
            url = URI.create(r.url);
        } catch (IllegalArgumentException e) {
            throw new com.nexefii.cloud.application.InvalidRequest("url is not a URI");
        }
        var w = webhooks.subscribe(caller.scope(propertyId), caller, url, r.eventTypes);
        return Response.status(Response.Status.CREATED).entity(Views.WebhookView.of(w, true)).build();
    }

    @GET
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.WebhookView> list() {
        return webhooks.list(caller.scope(propertyId)).stream().map(w -> Views.WebhookView.of(w, false)).toList();
    }

    @DELETE
    @Path("{webhookId}")
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Response unsubscribe(@PathParam("webhookId") String webhookId) {
        webhooks.unsubscribe(caller.scope(propertyId), caller, Ids.uuid("webhook", webhookId));
        return Response.noContent().build();
    }

    @GET
    @Path("{webhookId}/deliveries")
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.DeliveryView> deliveries(@PathParam("webhookId") String webhookId,
            @BeanParam @Valid Paging paging) {
        return webhooks.deliveries(caller.scope(propertyId), Ids.uuid("webhook", webhookId), paging.limit).stream()
                .map(Views.DeliveryView::of).toList();
    }
}
