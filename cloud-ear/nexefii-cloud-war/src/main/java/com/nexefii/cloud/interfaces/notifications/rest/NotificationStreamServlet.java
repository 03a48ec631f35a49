package com.nexefii.cloud.interfaces.notifications.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.interfaces.rest.CallerProducer;
import com.nexefii.cloud.interfaces.rest.Problem;
import com.nexefii.cloud.interfaces.rest.Problems;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/notifications/stream}: Server-Sent Events with non-blocking writes (Servlet
 * async I/O; JAX-RS's SseEventSink writes block the thread that sends, which would let one slow
 * phone stall every stream). An exact servlet mapping, so it wins over the JAX-RS {@code /api/*}.
 *
 * <p>Authenticated either by {@code ?ticket=} (one-time, see {@link StreamTickets}; what a browser's
 * EventSource uses) or by {@code Authorization: Bearer} (native apps, fetch). Resume point:
 * {@code Last-Event-ID} header or {@code lastEventId} parameter. Refusals are problem details.
 * The ticket is never logged.
 */
@WebServlet(urlPatterns = "/api/v1/notifications/stream", asyncSupported = true)
public class NotificationStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NotificationStreamServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROLES = Set.of(Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN);

    @Inject
    transient NotificationStreams streams;
    @Inject
    transient Clock clock;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String ticket = request.getParameter("ticket");
        Caller caller;
        Instant expiresAt;
        if (ticket != null) {
            Optional<StreamTickets.Grant> grant = streams.tickets().redeem(ticket);
            if (grant.isEmpty()) {
                refuse(response, 401, "stream-ticket", "Stream ticket not valid",
                        "the ticket is unknown, already used or expired: ask for a new one (POST /api/v1/notifications/stream-tickets)",
                        request);
                return;
            }
            caller = grant.get().caller();
            expiresAt = grant.get().tokenExpiresAt();
        } else if (request.getUserPrincipal() instanceof JsonWebToken token && token.getRawToken() != null) {
            try {
                caller = CallerProducer.callerOf(token);
            } catch (RuntimeException e) {
                refuse(response, 401, "unauthorized", "Unauthorized", "a valid bearer token is required", request);
                return;
            }
            expiresAt = Instant.ofEpochSecond(token.getExpirationTime());
        } else {
            refuse(response, 401, "unauthorized", "Unauthorized",
                    "send Authorization: Bearer <token>, or ?ticket= from POST /api/v1/notifications/stream-tickets", request);
            return;
        }
        if (caller.roles().stream().noneMatch(ROLES::contains)) {
            refuse(response, 403, "forbidden", "Forbidden", "your role does not allow this operation", request);
            return;
        }
        if (caller.propertyId().isEmpty()) {
            refuse(response, 403, "forbidden", "Action not allowed", "the token carries no property_id", request);
            return;
        }
        if (!clock.instant().isBefore(expiresAt)) {
            refuse(response, 401, "unauthorized", "Unauthorized", "the token has expired", request);
            return;
        }
        String resume = request.getHeader("Last-Event-ID");
        if (resume == null || resume.isBlank()) {
            resume = request.getParameter("lastEventId");
        }
        Long after = null;
        if (resume != null && !resume.isBlank()) {
            if (!resume.matches("^[0-9]{1,18}$")) {
                refuse(response, 400, "invalid-request", "Invalid request",
                        "Last-Event-ID must be a notification id (digits)", request);
                return;
            }
            after = Long.parseLong(resume);
        }

        response.setStatus(200);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        // the heartbeat ends the stream when the token expires; this is only the backstop
        async.setTimeout(Math.max(1, Duration.between(clock.instant(), expiresAt).toMillis()) + 60_000);
        ServletOutputStream out = response.getOutputStream();
        ServletOutput output = new ServletOutput(async, out);
        ClientStream stream = streams.open(caller, output, expiresAt);
        output.stream = stream;
        async.addListener(output);
        out.setWriteListener(output);
        try {
            streams.start(caller, stream, after);
        } catch (RuntimeException e) {
            LOG.warn("Notification stream of {} failed to start: {}", caller.subject(), e.toString());
            stream.close("failed to start");
        }
    }

    private static void refuse(HttpServletResponse response, int status, String type, String title, String detail,
            HttpServletRequest request) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.TYPE_BASE + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        // the path only: the query may hold a ticket
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"nexefii\"");
        }
        response.setContentType(Problem.MEDIA_TYPE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    /** The servlet response as a {@link ClientStream.Output}, and the container's callbacks back to it. */
    private static final class ServletOutput implements ClientStream.Output, WriteListener, AsyncListener {
        private final AsyncContext async;
        private final ServletOutputStream out;
        volatile ClientStream stream;

        ServletOutput(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void write(byte[] frame) throws IOException {
            out.write(frame);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            try {
                async.complete();
            } catch (RuntimeException e) {
                // already completed by the container
            }
        }

        @Override
        public void onWritePossible() {
            ClientStream s = stream;
            if (s != null) {
                s.writable();
            }
        }

        @Override
        public void onError(Throwable t) {
            gone();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            gone();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ClientStream s = stream;
            if (s != null) {
                s.close("timed out");
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            gone();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }

        private void gone() {
            ClientStream s = stream;
            if (s != null) {
                s.disconnected();
            }
        }
    }
}
