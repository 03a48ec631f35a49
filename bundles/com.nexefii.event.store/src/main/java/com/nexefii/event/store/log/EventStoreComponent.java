package com.nexefii.event.store.log;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.EventStoreStats;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.event.store.DurabilityMode;
import com.nexefii.lock.api.DurabilityTicket;
import com.nexefii.lock.api.DurableLockEventListener;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * The event store as the durable whiteboard listener: highest ranking and
 * {@code nexefii.lock.event.durable=true}, so the publisher returns only after the store accepted
 * the event, and an event the store refuses (disk error) makes the publish fail. It takes events in
 * two phases ({@link DurableLockEventListener}): the publisher writes the event under its ordering
 * lock and waits for the fsync outside it, so concurrent publishers share one group commit; and it
 * tells the publisher the last sequence number it holds, so numbers continue without a gap.
 *
 * <p>Configuration is required, although every property has a safe default (group commit, 256 MiB,
 * the bundle's data area): a store that came up with defaults and then moved to the configured
 * directory would strand the events it took meanwhile (seen in the kill -9 test).
 *
 * <p>Alarms (torn tail, store full) become {@link LockEventType#GATEWAY_ALARM} events, published
 * from a thread of their own because they are raised while the log holds its lock, possibly inside
 * a publish. They wait in a bounded queue until a publisher is there.
 */
@Component(
        service = { EventStore.class, LockEventListener.class },
        immediate = true,
        configurationPid = EventStoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {
            LockEventListener.DURABLE + ":Boolean=true",
            Constants.SERVICE_RANKING + ":Integer=" + Integer.MAX_VALUE })
@Designate(ocd = EventStoreConfig.class)
public class EventStoreComponent implements EventStore, DurableLockEventListener {

    static final String PID = "com.nexefii.event.store";
    private static final Logger LOG = LoggerFactory.getLogger(EventStoreComponent.class);
    private static final int MAX_PENDING_ALARMS = 1000;

    private final BlockingQueue<Map<String, String>> pendingAlarms = new ArrayBlockingQueue<>(MAX_PENDING_ALARMS);
    private final AtomicLong alarmsLost = new AtomicLong();
    private final ThreadLocal<Boolean> publishingAlarm = ThreadLocal.withInitial(() -> false);
    private final ExecutorService alarmThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "event-store-alarms");
        t.setDaemon(true);
        return t;
    });

    private volatile LockEventPublisher publisher;
    private volatile SegmentedEventLog log;

    @Activate
    void activate(BundleContext context, EventStoreConfig config) throws IOException {
        File area = context.getDataFile("events");
        activateWith(EventStoreOptions.from(config, area == null ? null : area.toPath()), Clock.systemUTC());
    }

    void activateWith(EventStoreOptions options, Clock clock) throws IOException {
        LOG.info("Activating event store in {} ({}, capacity {} MiB)...", options.directory(), options.mode(),
                options.maxBytes() / EventStoreOptions.MIB);
        try {
            log = new SegmentedEventLog(options, this::raise, clock);
        } catch (IOException e) {
            throw new IOException("dataDirectory: cannot open the event store in " + options.directory() + ": "
                    + e.getMessage(), e);
        }
        EventStoreStats stats = log.stats();
        LOG.info("Activating event store... done: {} events waiting, next offset {}", stats.depth(),
                stats.lastOffset() + 1);
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating event store...");
        SegmentedEventLog current = log;
        if (current != null) {
            current.close();
        }
        alarmThread.shutdown();
        try {
            alarmThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Deactivating event store... done");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPublisher(LockEventPublisher publisher) {
        this.publisher = publisher;
        drainAlarmsLater();
    }

    void unsetPublisher(LockEventPublisher publisher) {
        if (this.publisher == publisher) {
            this.publisher = null;
        }
    }

    /** Called by the log under its lock: only queue. */
    private void raise(String alarm, Map<String, String> details) {
        if (publishingAlarm.get()) {
            // raised by storing an alarm event (store over capacity): the counters already say it,
            // and raising again would loop
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("alarm", alarm);
        attributes.putAll(details);
        if (!pendingAlarms.offer(attributes)) {
            alarmsLost.incrementAndGet();
        }
        drainAlarmsLater();
    }

    private void drainAlarmsLater() {
        try {
            alarmThread.execute(this::drainAlarms);
        } catch (RuntimeException e) {
            // shutting down
        }
    }

    private void drainAlarms() {
        LockEventPublisher current = publisher;
        if (current == null) {
            return;
        }
        Map<String, String> attributes;
        publishingAlarm.set(true);
        try {
            while ((attributes = pendingAlarms.peek()) != null) {
                try {
                    current.publish(null, LockEventType.GATEWAY_ALARM, attributes);
                    pendingAlarms.poll();
                } catch (RuntimeException e) {
                    LOG.warn("Cannot publish event store alarm {} yet: {}", attributes.get("alarm"), e.toString());
                    return;
                }
            }
        } finally {
            publishingAlarm.set(false);
        }
    }

    private SegmentedEventLog log() {
        SegmentedEventLog current = log;
        if (current == null) {
            throw new IllegalStateException("event store is not active");
        }
        return current;
    }

    @Override
    public void onEvent(LockEvent event) {
        log().append(event);
    }

    @Override
    public DurabilityTicket stage(LockEvent event) {
        SegmentedEventLog current = log();
        long offset = current.stage(event);
        if (offset == NOT_STORED || current.mode() != DurabilityMode.GROUP_COMMIT) {
            return DurabilityTicket.DONE;
        }
        return () -> current.awaitDurable(offset);
    }

    @Override
    public OptionalLong lastSequence() {
        return log().lastSequence();
    }

    @Override
    public long append(LockEvent event) {
        return log().append(event);
    }

    @Override
    public List<StoredEvent> readFrom(long afterOffset, int max) {
        return log().readFrom(afterOffset, max);
    }

    @Override
    public boolean awaitReadable(long afterOffset, Duration timeout) throws InterruptedException {
        return log().awaitReadable(afterOffset, timeout);
    }

    @Override
    public void acknowledge(long upToOffset) {
        log().acknowledge(upToOffset);
    }

    @Override
    public long acknowledgedUpTo() {
        return log().acknowledgedUpTo();
    }

    @Override
    public long depth() {
        return log().depth();
    }

    @Override
    public Duration oldestAge() {
        return log().oldestAge();
    }

    @Override
    public EventStoreStats stats() {
        return log().stats();
    }

    /** @return alarms dropped because the queue was full while no publisher was there */
    long alarmsLost() {
        return alarmsLost.get();
    }
}
