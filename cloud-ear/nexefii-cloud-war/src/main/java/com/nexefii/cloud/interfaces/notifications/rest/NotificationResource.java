package com.nexefii.cloud.interfaces.notifications.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.InvalidRequest;
import com.nexefii.cloud.application.NotificationService;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.notification.Notification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's notifications: guests hear about their own key, doors and stay; staff and property
 * admins also about the doors, gateways and lockdowns of their property. Never another property's,
 * never another guest's.
 */
@Path("v1/notifications")
@RequestScoped
@Tag(name = "notifications", description = "Live notifications (Server-Sent Events) and recent ones")
public class NotificationResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NotificationService service;
    @Inject
    NotificationStreams streams;
    @Inject
    Caller caller;
    @Inject
    JsonWebToken token;

    public record NotificationPage(List<Map<String, Object>> items) {
    }

    /** Tickets are bounded in number: an abuser fills the table, not the heap. */
    static final class TicketsExhausted extends com.nexefii.cloud.application.ApplicationFailure {
        private static final long serialVersionUID = 1L;

        TicketsExhausted() {
            super(503, "stream-tickets-exhausted", "Too many stream tickets",
                    "too many stream tickets are outstanding; try again in a minute");
        }
    }

    public record StreamTicket(String ticket, Instant expiresAt, String streamPath) {
    }

    @POST
    @Path("stream-tickets")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN })
    @Operation(summary = "A one-time ticket for opening the notification stream with EventSource",
            description = "GET /api/v1/notifications/stream?ticket=... (plus lastEventId=... to resume) within the ticket's "
                    + "lifetime (at most 60 s), once. The stream is the caller's (user, property, roles) and ends when the "
                    + "access token used here expires. Native apps may instead send Authorization: Bearer to the stream.")
    public Response streamTicket() {
        caller.ownProperty();
        StreamTickets.Issued issued;
        try {
            issued = streams.tickets().issue(caller, Instant.ofEpochSecond(token.getExpirationTime()));
        } catch (IllegalStateException e) {
            throw new TicketsExhausted();
        }
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(new StreamTicket(issued.ticket(), issued.expiresAt(), "/api/v1/notifications/stream")).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN })
    @Operation(summary = "My notifications: the latest (newest first, optionally of some kinds: kind=alert&kind=gateway), "
            + "or those after an id (oldest first)")
    public NotificationPage list(@QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("kind") List<String> kinds) {
        // checked here, not with @Min/@Max: with them on this method Payara 6.2025.10 failed to build the
        // OpenAPI document (NullPointerException in ApplicationProcessor.visitMax)
        if (after != null && after < 0) {
            throw new InvalidRequest("after must be a notification id (0 or more)");
        }
        if (limit < 1 || limit > 500) {
            throw new InvalidRequest("limit must be between 1 and 500");
        }
        java.util.Set<String> wanted = kinds == null ? java.util.Set.of() : java.util.Set.copyOf(kinds);
        if (wanted.size() > 16 || wanted.stream().anyMatch(k -> !k.matches("^[a-z][a-z-]{0,31}$"))) {
            throw new InvalidRequest("kind must be notification kinds such as alert or lock-state (at most 16)");
        }
        if (after != null && !wanted.isEmpty()) {
            throw new InvalidRequest("kind filters the latest notifications only, not those after an id");
        }
        List<Notification> found = after != null ? service.after(caller, after, limit)
                : wanted.isEmpty() ? service.latest(caller, limit) : service.latest(caller, wanted, limit);
        return new NotificationPage(found.stream().map(NotificationResource::view).toList());
    }

    private static Map<String, Object> view(Notification n) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", n.id());
        try {
            view.putAll(JSON.readValue(n.payload(), new TypeReference<Map<String, Object>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notification " + n.id() + " is not JSON", e);
        }
        return view;
    }
}
