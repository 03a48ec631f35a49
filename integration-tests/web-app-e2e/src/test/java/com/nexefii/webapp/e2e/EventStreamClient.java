package com.nexefii.webapp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain HTTP client of the notification stream (text/event-stream), as a phone app would read it:
 * Authorization header, optional Last-Event-ID, events collected in arrival order.
 */
public final class EventStreamClient implements AutoCloseable {

    public record Event(long id, String type, JsonNode data) {
    }

    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final int status;
    public final String contentType;
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    public EventStreamClient(String url, String token, Long lastEventId) {
        this(bearer(url, token, lastEventId));
    }

    /** As a browser's EventSource opens it: no Authorization header, a one-time ticket and the resume id in the URL. */
    public static EventStreamClient withTicket(String url, String ticket, Long lastEventId) {
        String full = url + "?ticket=" + ticket + (lastEventId == null ? "" : "&lastEventId=" + lastEventId);
        return new EventStreamClient(HttpRequest.newBuilder(URI.create(full)).header("Accept", "text/event-stream"));
    }

    private static HttpRequest.Builder bearer(String url, String token, Long lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return request;
    }

    private EventStreamClient(HttpRequest.Builder request) {
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        status = response.statusCode();
        contentType = response.headers().firstValue("Content-Type").orElse("");
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private JsonNode problem;

    /** The body of a refusal (problem details), read whole once. */
    public synchronized JsonNode problem() {
        if (problem == null) {
            try {
                problem = E2eStack.JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return problem;
    }

    private void read() {
        if (status != 200) {
            return;
        }
        List<String> data = new ArrayList<>();
        String[] type = { "message" };
        long[] id = { -1 };
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        try {
                            events.add(new Event(id[0], type[0], E2eStack.JSON.readTree(String.join("\n", data))));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    data.clear();
                    type[0] = "message";
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).trim());
                } else if (line.startsWith("event:")) {
                    type[0] = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id[0] = Long.parseLong(line.substring(3).trim());
                }
            });
        } catch (IOException | RuntimeException e) {
            // closed by the test or by the server
        }
    }

    /** Whether the server ended the stream (or it failed). */
    public boolean ended() {
        return !reader.isAlive();
    }

    /** Notifications only (not the stream's own ready event). */
    public List<Event> notifications() {
        return events.stream().filter(e -> !"ready".equals(e.type())).toList();
    }

    public long lastId() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
        reader.interrupt();
    }
}
