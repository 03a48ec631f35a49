package com.nexefii.cloud.interfaces.notifications.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.NotificationService;
import com.nexefii.cloud.application.NotificationsPublished;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Open SSE streams by property, and the one-time tickets that open them. The pump's
 * {@link NotificationsPublished} is handed to every matching stream without blocking (each stream
 * queues and writes on its own, see {@link ClientStream}); a stream that falls behind is
 * disconnected and resumes from the table with Last-Event-ID. Streams end when the caller's token
 * expires (the client comes back with a fresh token), so authorization is checked again at least
 * as often as tokens expire.
 */
@ApplicationScoped
public class NotificationStreams {

    static final int REPLAY_PAGE = 200;

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
    @Inject
    @ConfigProperty(name = "nexefii.notifications.queue-bytes", defaultValue = "262144")
    int queueBytes;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.max-bytes-per-connection", defaultValue = "1048576")
    long maxBytesPerConnection;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.ticket-ttl", defaultValue = "PT30S")
    Duration ticketTtl;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.max-outstanding-tickets", defaultValue = "10000")
    int maxOutstandingTickets;

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedExecutorService executor;

    private final Map<PropertyId, Set<ClientStream>> streams = new ConcurrentHashMap<>();
    private final LongAdder fellBehind = new LongAdder();
    private StreamTickets tickets;
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void init() {
        if (queueBytes < 16 * 1024) {
            throw new IllegalArgumentException("nexefii.notifications.queue-bytes: at least 16384 (one event may take a few KiB)");
        }
        if (maxBytesPerConnection < 64 * 1024) {
            throw new IllegalArgumentException("nexefii.notifications.max-bytes-per-connection: at least 65536");
        }
        tickets = new StreamTickets(ticketTtl, maxOutstandingTickets, clock);
        heartbeat = scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatSeconds, heartbeatSeconds,
                TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        streams.values().forEach(set -> set.forEach(s -> s.close("shutting down")));
    }

    public StreamTickets tickets() {
        return tickets;
    }

    /**
     * Registers a stream; {@link #start} begins it once the connection can be written.
     */
    ClientStream open(Caller caller, ClientStream.Output output, Instant expiresAt) {
        PropertyId p = caller.ownProperty();
        Set<ClientStream> ofProperty = streams.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet());
        List<ClientStream> mine = ofProperty.stream().filter(s -> s.user.equals(caller.subject()) && !s.closed())
                .toList();
        if (mine.size() >= maxStreamsPerUser) {
            // the oldest goes: a phone that lost its connection leaves a stream behind until the next write
            mine.stream().min(Comparator.comparing(s -> s.openedAt)).ifPresent(s -> s.close("too many streams"));
        }
        ClientStream stream = new ClientStream(p, caller.subject(), NotificationService.audiencesOf(caller), expiresAt,
                clock.instant(), output, queueBytes, maxBytesPerConnection, REPLAY_PAGE, from -> service.after(caller, from, REPLAY_PAGE),
                executor);
        ofProperty.add(stream);
        return stream;
    }

    /**
     * Starts a registered stream: {@code ready} with the resume id, the table after it, then live.
     *
     * @param after the client's Last-Event-ID, or null for a new client (live from now on)
     */
    void start(Caller caller, ClientStream stream, Long after) {
        long resumeFrom;
        if (after == null) {
            List<Notification> latest = service.latest(caller, 1);
            resumeFrom = latest.isEmpty() ? 0 : latest.get(0).id();
        } else {
            resumeFrom = after;
        }
        stream.start(resumeFrom);
    }

    void published(@Observes NotificationsPublished event) {
        Set<ClientStream> ofProperty = streams.get(event.propertyId());
        if (ofProperty == null || ofProperty.isEmpty()) {
            return;
        }
        for (ClientStream stream : ofProperty) {
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

    /** Streams disconnected because their client could not keep up, since start. */
    public long fellBehind() {
        return fellBehind.sum();
    }

    private void heartbeat() {
        Instant now = clock.instant();
        for (Set<ClientStream> set : streams.values()) {
            for (ClientStream s : set) {
                s.heartbeat(now);
            }
        }
        tickets.purge(now);
        prune();
    }

    private void prune() {
        streams.values().forEach(set -> set.removeIf(s -> {
            if (!s.closed()) {
                return false;
            }
            String reason = s.closeReason();
            if (reason != null && reason.startsWith("fell behind")) {
                fellBehind.increment();
            }
            return true;
        }));
    }
}
