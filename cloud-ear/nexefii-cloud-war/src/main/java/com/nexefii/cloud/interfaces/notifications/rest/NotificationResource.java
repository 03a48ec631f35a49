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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN })
    @Operation(summary = "Live notifications as Server-Sent Events",
            description = "Authenticate with the Authorization header (read the stream with fetch). Send Last-Event-ID to "
                    + "replay what was missed. The stream ends when the token expires; reconnect with a fresh token.")
    public void stream(@Context SseEventSink sink, @Context Sse sse,
            @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParameter) {
        Long after = eventId(lastEventId != null ? lastEventId : lastEventIdParameter);
        caller.ownProperty();
        streams.open(caller, sink, sse, after, Instant.ofEpochSecond(token.getExpirationTime()));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN })
    @Operation(summary = "My notifications: the latest (newest first), or those after an id (oldest first)")
    public NotificationPage list(@QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("50") int limit) {
        // checked here, not with @Min/@Max: with them on this method Payara 6.2025.10 failed to build the
        // OpenAPI document (NullPointerException in ApplicationProcessor.visitMax)
        if (after != null && after < 0) {
            throw new InvalidRequest("after must be a notification id (0 or more)");
        }
        if (limit < 1 || limit > 500) {
            throw new InvalidRequest("limit must be between 1 and 500");
        }
        List<Notification> found = after == null ? service.latest(caller, limit) : service.after(caller, after, limit);
        return new NotificationPage(found.stream().map(NotificationResource::view).toList());
    }

    static Long eventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("^[0-9]{1,18}$")) {
            throw new InvalidRequest("Last-Event-ID must be a notification id (digits)");
        }
        return Long.parseLong(value);
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
