package com.nexefii.lock.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * Stamps and delivers lock events. One publish at a time: the sequence number is drawn and the
 * event handed to every listener under one lock, so listeners see numbers strictly increasing in
 * the order they were given out.
 */
@Component(
        service = LockEventPublisher.class,
        immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = LockEventPublisherComponent.PID)
@Designate(ocd = LockEventPublisherConfig.class)
public class LockEventPublisherComponent implements LockEventPublisher {

    static final String PID = "com.nexefii.lock.events";

    /**
     * Numbers reserved per durable write. Larger blocks mean fewer fsyncs but larger gaps after a
     * restart; a gateway publishes a few events a second at most, so this is about one write an hour.
     */
    static final long SEQUENCE_BLOCK = 10_000;

    /** EventAdmin properties besides the event itself, so handlers can filter without unpacking it. */
    static final String PROP_LOCK_ID = "lockId";
    static final String PROP_SEQUENCE = "sequence";
    static final String PROP_TYPE = "type";

    private static final Logger LOG = LoggerFactory.getLogger(LockEventPublisherComponent.class);

    private final java.util.concurrent.atomic.AtomicLong refusedWithoutStore = new java.util.concurrent.atomic.AtomicLong();

    private static final Comparator<RankedListener> DELIVERY_ORDER = Comparator
            .comparingInt(RankedListener::ranking).reversed()
            .thenComparingLong(RankedListener::serviceId);

    private final ReentrantLock publishLock = new ReentrantLock();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final Object listenersGuard = new Object();
    private volatile List<RankedListener> listeners = List.of();

    private volatile EventAdmin eventAdmin;

    private volatile LockEventPublisherOptions options;
    private DurableSequence sequence;
    private boolean active;

    @Activate
    void activate(BundleContext context, LockEventPublisherConfig config) throws IOException {
        activateWith(config, context.getDataFile("") == null ? null : context.getDataFile("").toPath());
    }

    void activateWith(LockEventPublisherConfig config, Path fallbackDataDirectory) throws IOException {
        LockEventPublisherOptions parsed = LockEventPublisherOptions.from(config, fallbackDataDirectory);
        LOG.info("Activating lock event publisher for property {} gateway {}...", parsed.propertyId(),
                parsed.gatewayId());
        DurableSequence reserved;
        try {
            reserved = new DurableSequence(parsed.dataDirectory(), SEQUENCE_BLOCK);
        } catch (IOException e) {
            throw new IOException("dataDirectory: cannot keep the event sequence in " + parsed.dataDirectory()
                    + ": " + e.getMessage(), e);
        }
        publishLock.lock();
        try {
            this.options = parsed;
            this.sequence = reserved;
            this.active = true;
        } finally {
            publishLock.unlock();
        }
        if (!parsed.requireDurableListener()) {
            LOG.warn("requireDurableListener is off: events are accepted even while no durable event store is bound");
        }
        LOG.info("Activating lock event publisher... done, next sequence {} (kept in {})", reserved.peek(),
                reserved.file());
    }

    @Deactivate
    void deactivate() {
        publishLock.lock();
        try {
            active = false;
        } finally {
            publishLock.unlock();
        }
        LOG.info("Lock event publisher stopped; {} listener failures since activation", listenerFailures.get());
    }

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        Objects.requireNonNull(type, "type");
        publishLock.lock();
        try {
            if (!active) {
                throw new IllegalStateException("lock event publisher is not active");
            }
            if (options.requireDurableListener() && listeners.stream().noneMatch(RankedListener::durable)) {
                refusedWithoutStore.incrementAndGet();
                throw new IllegalStateException("event " + type + " refused: no durable event store is bound "
                        + "(requireDurableListener=true), so it could not be kept through a power cut");
            }
            long number;
            try {
                number = sequence.next();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reserve event sequence numbers in " + sequence.file(), e);
            }
            LockEvent event = new LockEvent(UUID.randomUUID().toString(), options.propertyId(), options.gatewayId(),
                    lockId, number, Instant.now(), type, attributes);
            deliver(event);
            return event;
        } finally {
            publishLock.unlock();
        }
    }

    private void deliver(LockEvent event) {
        for (RankedListener target : listeners) {
            try {
                target.listener().onEvent(event);
            } catch (RuntimeException e) {
                if (target.durable()) {
                    // Nobody else hears of an event the store could not keep: it did not happen as far
                    // as the cloud is concerned, and the caller is told so.
                    LOG.error("Durable listener {} refused event {} #{}: {}", target.serviceId(), event.type(),
                            event.sequence(), e.toString());
                    throw new IllegalStateException("event " + event.type() + " #" + event.sequence()
                            + " was not accepted by durable listener " + target.serviceId(), e);
                }
                long failures = listenerFailures.incrementAndGet();
                LOG.warn("Listener {} failed on event {} #{} ({} failures so far)", target.serviceId(), event.type(),
                        event.sequence(), failures, e);
            }
        }
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            try {
                admin.postEvent(new Event(event.topic(), eventAdminProperties(event)));
            } catch (RuntimeException e) {
                LOG.warn("EventAdmin refused event {} #{}", event.type(), event.sequence(), e);
            }
        }
    }

    static Map<String, Object> eventAdminProperties(LockEvent event) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(LockEvent.EVENT_PROPERTY, event);
        properties.put(PROP_SEQUENCE, event.sequence());
        properties.put(PROP_TYPE, event.type().name());
        if (event.lockId() != null) {
            properties.put(PROP_LOCK_ID, event.lockId());
        }
        return properties;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin admin) {
        synchronized (listenersGuard) {
            this.eventAdmin = admin;
        }
    }

    void unsetEventAdmin(EventAdmin admin) {
        synchronized (listenersGuard) {
            if (this.eventAdmin == admin) {
                this.eventAdmin = null;
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(LockEventListener listener, Map<String, Object> properties) {
        RankedListener ranked = RankedListener.of(listener, properties);
        synchronized (listenersGuard) {
            List<RankedListener> updated = new ArrayList<>(listeners);
            // a listener is delivered to once, even if SCR binds the same service again (seen during
            // bundle updates): an event must never reach a listener twice
            updated.removeIf(l -> l.serviceId() == ranked.serviceId());
            updated.add(ranked);
            updated.sort(DELIVERY_ORDER);
            listeners = List.copyOf(updated);
        }
        LOG.debug("Listener {} added (ranking {}, durable {})", ranked.serviceId(), ranked.ranking(), ranked.durable());
    }

    void removeListener(LockEventListener listener, Map<String, Object> properties) {
        long serviceId = RankedListener.serviceId(properties);
        synchronized (listenersGuard) {
            List<RankedListener> updated = new ArrayList<>(listeners);
            updated.removeIf(l -> l.serviceId() == serviceId && l.listener() == listener);
            listeners = List.copyOf(updated);
        }
    }

    @Override
    public String propertyId() {
        return currentOptions().propertyId();
    }

    @Override
    public String gatewayId() {
        return currentOptions().gatewayId();
    }

    /** @return failures of non-durable listeners since activation */
    long listenerFailures() {
        return listenerFailures.get();
    }

    private LockEventPublisherOptions currentOptions() {
        LockEventPublisherOptions current = options;
        if (current == null) {
            throw new IllegalStateException("lock event publisher is not active");
        }
        return current;
    }

    record RankedListener(long serviceId, int ranking, boolean durable, LockEventListener listener) {

        static RankedListener of(LockEventListener listener, Map<String, Object> properties) {
            Object ranking = properties.get(Constants.SERVICE_RANKING);
            Object durable = properties.get(LockEventListener.DURABLE);
            return new RankedListener(serviceId(properties), ranking instanceof Integer i ? i : 0,
                    Boolean.TRUE.equals(durable) || "true".equalsIgnoreCase(String.valueOf(durable)), listener);
        }

        static long serviceId(Map<String, Object> properties) {
            Object id = properties.get(Constants.SERVICE_ID);
            return id instanceof Long l ? l : -1;
        }
    }
}
