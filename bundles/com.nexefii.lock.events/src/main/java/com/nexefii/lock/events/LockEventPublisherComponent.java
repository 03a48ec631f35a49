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
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
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

import com.nexefii.lock.api.DurabilityTicket;
import com.nexefii.lock.api.DurableLockEventListener;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * Stamps and delivers lock events in three steps:
 * <ol>
 * <li>under one lock: draw the sequence number and hand the event to the durable listeners (the
 * event store), so they keep events in exactly the order of their numbers. A
 * {@link DurableLockEventListener} only stages the event here (a write to the page cache);</li>
 * <li>outside the lock: wait until each durable listener has made the event durable, so that
 * concurrent publishers share one fsync (group commit) instead of queueing for one each;</li>
 * <li>hand the event to every other listener and to EventAdmin, still in sequence order
 * ({@link SequenceOrderedDelivery}), and return.</li>
 * </ol>
 *
 * <p>Sequence numbers continue from the durable store's last one when it is bound ({@link
 * DurableLockEventListener#lastSequence()}): events stamped but never durably kept were never
 * acknowledged to anyone, so their numbers are given again and the cloud sees no gap after a
 * restart. The durably reserved blocks of {@link DurableSequence} remain the ceiling and the
 * fallback without a store.
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
     * Numbers reserved per durable write (three fsyncs, under the publish lock). With the store bound
     * numbers continue from its last one, so the block size only sets the gap after a restart without
     * it; at group-commit rates (50,000 events/s) a block of 10,000 cost five such writes a second.
     */
    static final long SEQUENCE_BLOCK = 100_000;

    /** EventAdmin properties besides the event itself, so handlers can filter without unpacking it. */
    static final String PROP_LOCK_ID = "lockId";
    static final String PROP_SEQUENCE = "sequence";
    static final String PROP_TYPE = "type";

    private static final Logger LOG = LoggerFactory.getLogger(LockEventPublisherComponent.class);

    private final AtomicLong refusedWithoutStore = new AtomicLong();

    private static final Comparator<RankedListener> DELIVERY_ORDER = Comparator
            .comparingInt(RankedListener::ranking).reversed()
            .thenComparingLong(RankedListener::serviceId);

    private final ReentrantLock publishLock = new ReentrantLock();
    /** Signalled (under publishLock) when a durable listener is bound or the publisher stops. */
    private final Condition durableListenerBound = publishLock.newCondition();
    /**
     * Guarded by publishLock: a wait for the store already ran out since the last store left, so
     * later publishes are refused at once (a store that is not coming back stalls no thread twice).
     */
    private boolean waitedInVain;
    private final AtomicLong listenerFailures = new AtomicLong();
    private final Object listenersGuard = new Object();
    private volatile List<RankedListener> listeners = List.of();

    private volatile EventAdmin eventAdmin;

    private volatile LockEventPublisherOptions options;
    private DurableSequence sequence;
    private boolean active;
    /** Guarded by publishLock: an event was stamped since activation, so the sequence may only rise. */
    private boolean publishedSinceActivation;
    private final SequenceOrderedDelivery ordered = new SequenceOrderedDelivery(this::deliverToOthers);

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
            this.publishedSinceActivation = false;
            for (RankedListener listener : listeners) {
                continueFromDurableListener(listener);
            }
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
            durableListenerBound.signalAll();
        } finally {
            publishLock.unlock();
        }
        LOG.info("Lock event publisher stopped; {} listener failures since activation", listenerFailures.get());
    }

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
        return publish(lockId, type, attributes, null);
    }

    @Override
    public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes, String eventKey) {
        Objects.requireNonNull(type, "type");
        // SecureRandom (or MD5 of the key) and the attribute copy need no ordering: kept out of the lock
        String eventId = eventKey == null ? UUID.randomUUID().toString()
                : LockEvent.idFor(options.propertyId(), options.gatewayId(), eventKey);
        Map<String, String> copied = attributes == null ? Map.of() : Map.copyOf(attributes);
        LockEvent event;
        List<DurabilityTicket> tickets = new ArrayList<>(1);
        SequenceOrderedDelivery.Slot slot;
        publishLock.lock();
        try {
            if (!active) {
                throw new IllegalStateException("lock event publisher is not active");
            }
            List<RankedListener> targets = awaitDurableListener(type);
            long number;
            try {
                number = sequence.next();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reserve event sequence numbers in " + sequence.file(), e);
            }
            publishedSinceActivation = true;
            event = new LockEvent(eventId, options.propertyId(), options.gatewayId(), lockId, number, Instant.now(),
                    type, copied);
            for (RankedListener target : targets) {
                if (target.durable()) {
                    try {
                        if (target.listener() instanceof DurableLockEventListener twoPhase) {
                            tickets.add(twoPhase.stage(event));
                        } else {
                            target.listener().onEvent(event);
                        }
                    } catch (RuntimeException e) {
                        throw refusedBy(target, event, e);
                    }
                }
            }
            // only when someone listens: the order costs a hand-over between publishing threads
            slot = eventAdmin != null || targets.stream().anyMatch(l -> !l.durable()) ? ordered.enqueue(event) : null;
        } finally {
            publishLock.unlock();
        }
        boolean durable = false;
        try {
            for (DurabilityTicket ticket : tickets) {
                ticket.awaitDurable();
            }
            durable = true;
        } catch (RuntimeException e) {
            // Nobody else hears of an event the store could not keep: it did not happen as far as the
            // cloud is concerned, and the caller is told so. Its number is not given again in this run.
            LOG.error("Durable listener could not make event {} #{} durable: {}", event.type(), event.sequence(),
                    e.toString());
            throw new IllegalStateException("event " + event.type() + " #" + event.sequence()
                    + " was not made durable", e);
        } finally {
            if (slot != null) {
                ordered.settle(slot, durable);
            }
        }
        return event;
    }

    /**
     * The listeners to publish to. With the store required and none bound (the core package is being
     * updated: the new store comes up a moment after adapters of other packages report their locks),
     * waits up to {@code durableListenerWaitMillis} for one instead of losing the event. Called with
     * publishLock held; waiting releases it.
     */
    private List<RankedListener> awaitDurableListener(LockEventType type) {
        long remaining = waitedInVain ? 0L : options.durableListenerWait().toNanos();
        List<RankedListener> targets = listeners;
        while (active && options.requireDurableListener() && targets.stream().noneMatch(RankedListener::durable)) {
            if (remaining <= 0L) {
                waitedInVain = true;
                refusedWithoutStore.incrementAndGet();
                throw new IllegalStateException("event " + type + " refused: no durable event store is bound "
                        + "(requireDurableListener=true), so it could not be kept through a power cut");
            }
            try {
                remaining = durableListenerBound.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("event " + type + " refused: interrupted while waiting for the "
                        + "durable event store", e);
            }
            targets = listeners;
        }
        if (!active) {
            throw new IllegalStateException("lock event publisher is not active");
        }
        return targets;
    }

    private static IllegalStateException refusedBy(RankedListener target, LockEvent event, RuntimeException e) {
        LOG.error("Durable listener {} refused event {} #{}: {}", target.serviceId(), event.type(), event.sequence(),
                e.toString());
        return new IllegalStateException("event " + event.type() + " #" + event.sequence()
                + " was not accepted by durable listener " + target.serviceId(), e);
    }

    /** Step three, in sequence order, after the event is durable. */
    private void deliverToOthers(LockEvent event) {
        for (RankedListener target : listeners) {
            if (target.durable()) {
                continue;
            }
            try {
                target.listener().onEvent(event);
            } catch (RuntimeException e) {
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

    /**
     * Takes the sequence from a durable listener that knows where it stands. Before the first event
     * of this activation the numbers continue right after its last one, also below numbers reserved
     * earlier (those were never kept, so never acknowledged); afterwards they only ever rise. Called
     * with publishLock held.
     */
    private void continueFromDurableListener(RankedListener target) {
        if (sequence == null || !target.durable()
                || !(target.listener() instanceof DurableLockEventListener twoPhase)) {
            return;
        }
        OptionalLong last;
        try {
            last = twoPhase.lastSequence();
        } catch (RuntimeException e) {
            LOG.warn("Durable listener {} cannot tell its last sequence number: {}", target.serviceId(), e.toString());
            return;
        }
        if (last.isEmpty()) {
            LOG.info("Durable listener {} holds no sequence yet; next sequence {} (reserved)", target.serviceId(),
                    sequence.peek());
            return;
        }
        try {
            if (publishedSinceActivation) {
                sequence.raiseTo(last.getAsLong() + 1);
            } else {
                sequence.continueAfter(last.getAsLong());
            }
        } catch (IOException e) {
            LOG.warn("Cannot reserve sequence numbers after {} in {}; continuing at {}", last.getAsLong(),
                    sequence.file(), sequence.peek(), e);
            return;
        }
        LOG.info("Next event sequence {} (durable listener {} holds up to {})", sequence.peek(), target.serviceId(),
                last.getAsLong());
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
        if (ranked.durable()) {
            publishLock.lock();
            try {
                if (active) {
                    continueFromDurableListener(ranked);
                }
                waitedInVain = false;
                durableListenerBound.signalAll();
            } finally {
                publishLock.unlock();
            }
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

    /** @return events refused because no durable store was bound (requireDurableListener) */
    long refusedWithoutStore() {
        return refusedWithoutStore.get();
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
