package com.nexefii.cloud.interfaces.notifications.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.NotificationService;
import com.nexefii.cloud.application.NotificationsPublished;
import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open SSE streams by property. A stream registers before it replays from the table, buffers what
 * is published meanwhile, and sends only ids above the last one it sent: nothing is lost or
 * repeated between replay and live. Streams end when the caller's token expires (the client comes
 * back with a fresh token and Last-Event-ID), so authorization is checked again at least as often
 * as tokens expire.
 */
@ApplicationScoped
public class NotificationStreams {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationStreams.class);
    private static final int REPLAY_PAGE = 500;

    @Inject
    NotificationService service;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.heartbeat-seconds", defaultValue = "15")
    int heartbeatSeconds;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.max-streams-per-user", defaultValue = "5")
    int maxStreamsPerUser;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<PropertyId, Set<Stream>> streams = new ConcurrentHashMap<>();
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void init() {
        heartbeat = scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatSeconds, heartbeatSeconds,
                TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        streams.values().forEach(set -> set.forEach(Stream::close));
    }

    /**
     * @param after the client's Last-Event-ID, or null for a new client (live from now on: it gets a
     *              {@code ready} event carrying the id to resume from)
     */
    public void open(Caller caller, SseEventSink sink, Sse sse, Long after, Instant expiresAt) {
        PropertyId p = caller.ownProperty();
        Set<Stream> ofProperty = streams.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet());
        List<Stream> mine = ofProperty.stream().filter(s -> s.user.equals(caller.subject())).toList();
        if (mine.size() >= maxStreamsPerUser) {
            // the oldest goes: a phone that lost its connection leaves a stream behind until the next write
            mine.stream().min(Comparator.comparing(s -> s.openedAt)).ifPresent(Stream::close);
        }
        Stream stream = new Stream(p, caller.subject(), NotificationService.audiencesOf(caller), sink, sse, expiresAt,
                clock.instant());
        ofProperty.add(stream);
        try {
            if (after == null) {
                List<Notification> latest = service.latest(caller, 1);
                stream.ready(latest.isEmpty() ? 0 : latest.get(0).id());
            } else {
                stream.ready(after);
                List<Notification> page;
                long from = after;
                do {
                    page = service.after(caller, from, REPLAY_PAGE);
                    page.forEach(stream::send);
                    if (!page.isEmpty()) {
                        from = page.get(page.size() - 1).id();
                    }
                } while (page.size() == REPLAY_PAGE && !stream.closed());
            }
            stream.live();
        } catch (RuntimeException e) {
            LOG.warn("Notification stream of {} in {} failed to start: {}", caller.subject(), p, e.toString());
            stream.close();
            throw e;
        }
    }

    void published(@Observes NotificationsPublished event) {
        Set<Stream> ofProperty = streams.get(event.propertyId());
        if (ofProperty == null || ofProperty.isEmpty()) {
            return;
        }
        for (Stream stream : ofProperty) {
            for (Notification n : event.notifications()) {
                if (stream.audiences.contains(n.audience())) {
                    stream.offer(n);
                }
            }
        }
        prune();
    }

    /** Open streams, for health and tests. */
    public int count() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    private void heartbeat() {
        Instant now = clock.instant();
        for (Set<Stream> set : streams.values()) {
            for (Stream s : set) {
                if (!now.isBefore(s.expiresAt)) {
                    s.close();
                } else {
                    s.comment("keep-alive");
                }
            }
        }
        prune();
    }

    private void prune() {
        streams.values().forEach(set -> set.removeIf(Stream::closed));
    }

    /** One client connection. Sends are serialised per stream; ids only grow. */
    static final class Stream {
        final PropertyId propertyId;
        final String user;
        final Set<Audience> audiences;
        final SseEventSink sink;
        final Sse sse;
        final Instant expiresAt;
        final Instant openedAt;
        private long lastSent = -1;
        private boolean replaying = true;
        private final List<Notification> buffer = new ArrayList<>();

        Stream(PropertyId propertyId, String user, Set<Audience> audiences, SseEventSink sink, Sse sse,
                Instant expiresAt, Instant openedAt) {
            this.propertyId = propertyId;
            this.user = user;
            this.audiences = audiences;
            this.sink = sink;
            this.sse = sse;
            this.expiresAt = expiresAt;
            this.openedAt = openedAt;
        }

        synchronized void ready(long resumeFrom) {
            lastSent = resumeFrom;
            write(sse.newEventBuilder().id(Long.toString(resumeFrom)).name("ready").reconnectDelay(2000)
                    .data("{\"kind\":\"ready\",\"id\":" + resumeFrom + "}").build());
        }

        synchronized void offer(Notification n) {
            if (replaying) {
                buffer.add(n);
            } else {
                send(n);
            }
        }

        synchronized void live() {
            buffer.sort(Comparator.comparing(Notification::id));
            buffer.forEach(this::send);
            buffer.clear();
            replaying = false;
        }

        synchronized void send(Notification n) {
            if (n.id() == null || n.id() <= lastSent) {
                return;
            }
            lastSent = n.id();
            String payload = n.payload();
            String data = "{\"id\":" + n.id() + (payload.length() > 2 ? "," + payload.substring(1) : "}");
            write(sse.newEventBuilder().id(Long.toString(n.id())).name(n.kind()).data(data).build());
        }

        synchronized void comment(String text) {
            write(sse.newEventBuilder().comment(text).build());
        }

        private void write(OutboundSseEvent event) {
            if (sink.isClosed()) {
                return;
            }
            try {
                sink.send(event).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        close();
                    }
                });
            } catch (RuntimeException e) {
                close();
            }
        }

        boolean closed() {
            return sink.isClosed();
        }

        void close() {
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
