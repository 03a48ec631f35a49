package com.nexefii.gateway.metrics;

import static com.nexefii.gateway.metrics.PrometheusText.Family.counter;
import static com.nexefii.gateway.metrics.PrometheusText.Family.gauge;
import static com.nexefii.gateway.metrics.PrometheusText.Family.histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.EventStoreStats;
import com.nexefii.gateway.metrics.PrometheusText.Family;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.policy.cache.PolicyCache;

/**
 * The gateway's metrics: counters fed by lock events, gauges read from the other services at scrape
 * time. A service that is not there (not installed, restarting) is reported by its {@code _up} gauge
 * as 0 and its other series are left out, never guessed.
 */
final class GatewayMetrics {

    static final Family GATEWAY_INFO = gauge("nexefii_gateway_info", "Always 1; labels name the gateway and property.");
    static final Family UPTIME = gauge("nexefii_jvm_uptime_seconds", "Seconds since the gateway's JVM started.");
    static final Family HEAP_USED = gauge("nexefii_jvm_heap_used_bytes", "Heap in use.");
    static final Family HEAP_MAX = gauge("nexefii_jvm_heap_max_bytes", "Largest heap the JVM may use.");
    static final Family THREADS = gauge("nexefii_jvm_threads", "Live JVM threads.");

    static final Family STORE_UP = gauge("nexefii_event_store_up", "1 while the durable event store is available.");
    static final Family STORE_DEPTH = gauge("nexefii_event_store_depth", "Events waiting to be forwarded to the cloud.");
    static final Family STORE_AGE = gauge("nexefii_event_store_oldest_age_seconds",
            "Age of the oldest event waiting to be forwarded; 0 when none waits.");
    static final Family STORE_BYTES = gauge("nexefii_event_store_live_bytes", "Bytes of the events waiting.");
    static final Family STORE_APPENDED = counter("nexefii_event_store_appended_total",
            "Events stored since the store opened.");
    static final Family STORE_FORWARDED = counter("nexefii_event_store_acknowledged_total",
            "Events forwarded and acknowledged by the cloud since the store opened (rate = forward rate).");
    static final Family STORE_SHED = counter("nexefii_event_store_shed_total",
            "Events dropped by the capacity policy, by priority (security events are never dropped).");

    static final Family CLOUD_UP = gauge("nexefii_cloud_connector_up", "1 while the cloud connector is available.");
    static final Family CLOUD_CONNECTED = gauge("nexefii_cloud_connected", "1 while the MQTT link to the cloud is up.");
    static final Family CLOUD_SENT = counter("nexefii_cloud_events_sent_total", "Events published, re-sends included.");
    static final Family CLOUD_ACKED = counter("nexefii_cloud_events_acknowledged_total",
            "Events the broker acknowledged.");
    static final Family CLOUD_COMMANDS = counter("nexefii_cloud_commands_executed_total",
            "Cloud commands handed to the lock router.");
    static final Family CLOUD_REJECTED = counter("nexefii_cloud_commands_rejected_total",
            "Cloud commands rejected, by reason.");
    static final Family CLOUD_CONNECTS = counter("nexefii_cloud_connects_total", "Successful connections to the cloud.");
    static final Family CLOUD_LOSSES = counter("nexefii_cloud_connection_losses_total", "Lost connections to the cloud.");
    static final Family CLOUD_POLICY = counter("nexefii_cloud_policy_messages_total",
            "Policy messages received, by what the policy cache did with them.");
    static final Family CLOUD_OTHER = counter("nexefii_cloud_counter_total", "Other cloud connector counters, by name.");

    static final Family POLICY_UP = gauge("nexefii_policy_cache_up", "1 while the policy cache is available.");
    static final Family POLICY_VERSION = gauge("nexefii_policy_version", "Applied policy version; 0 = no policy yet.");
    static final Family POLICY_AGE = gauge("nexefii_policy_age_seconds",
            "Seconds since the applied policy version last changed, as this gateway observed it.");

    static final Family DECISIONS = counter("nexefii_access_decisions_total",
            "Access decisions audited on this gateway, by outcome and reason.");
    static final Family COMMANDS = counter("nexefii_lock_commands_total",
            "Lock commands completed, by adapter, command and outcome.");
    static final Family COMMAND_DURATION = histogram("nexefii_lock_command_duration_seconds",
            "Time from the lock router handing a command to its adapter until the adapter's result, by adapter.");
    static final Family EVENTS = counter("nexefii_lock_events_total", "Lock events published on this gateway, by type.");
    static final Family ALARMS = counter("nexefii_gateway_alarms_total", "Gateway alarms, by alarm (rollback, ...).");

    static final Family LOCKS = gauge("nexefii_locks", "Locks owned by each adapter.");
    static final Family LOCKS_OFFLINE = gauge("nexefii_locks_offline",
            "Locks whose last report was LOCK_OFFLINE, by adapter.");
    static final Family LOCKS_BATTERY_LOW = gauge("nexefii_locks_battery_low",
            "Locks whose last battery report is below the low-battery threshold, by adapter.");
    static final Family BATTERY = gauge("nexefii_lock_battery_percent", "Last battery level each lock reported.");
    static final Family DOORS_AJAR = gauge("nexefii_doors_ajar", "Doors reported ajar and not closed since, by adapter.");

    /** Every family the endpoint exposes, in scrape order. */
    static final List<Family> FAMILIES = List.of(GATEWAY_INFO, UPTIME, HEAP_USED, HEAP_MAX, THREADS, STORE_UP,
            STORE_DEPTH, STORE_AGE, STORE_BYTES, STORE_APPENDED, STORE_FORWARDED, STORE_SHED, CLOUD_UP, CLOUD_CONNECTED,
            CLOUD_SENT, CLOUD_ACKED, CLOUD_COMMANDS, CLOUD_REJECTED, CLOUD_CONNECTS, CLOUD_LOSSES, CLOUD_POLICY,
            CLOUD_OTHER, POLICY_UP, POLICY_VERSION, POLICY_AGE, DECISIONS, COMMANDS, COMMAND_DURATION, EVENTS, ALARMS,
            LOCKS, LOCKS_OFFLINE, LOCKS_BATTERY_LOW, BATTERY, DOORS_AJAR);

    /** @return the names of every series the endpoint can expose (histograms as _bucket, _sum, _count) */
    static Set<String> seriesNames() {
        return FAMILIES.stream().flatMap(f -> f.seriesNames().stream()).collect(Collectors.toUnmodifiableSet());
    }

    static final double[] DURATION_BUCKETS = { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };
    private static final String UNKNOWN = "unknown";

    /** Who the services are at scrape time; any may be null. */
    record Sources(EventStore store, CloudConnectorStatus cloud, PolicyCache policy, LockRouter router,
            LockEventPublisher publisher) {
    }

    private final MetricsOptions options;
    private final Clock clock;
    private final Map<LockEventType, LongAdder> events = new EnumMap<>(LockEventType.class);
    private final Map<List<String>, LongAdder> decisions = new ConcurrentHashMap<>();
    private final Map<List<String>, LongAdder> commands = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> alarms = new ConcurrentHashMap<>();
    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();
    private final Map<String, LockView> locks = new ConcurrentHashMap<>();
    private volatile Map<String, LockInfo> directory = Map.of();
    private final AtomicLong directoryRefreshedAt = new AtomicLong(Long.MIN_VALUE);
    private volatile LockRouter router;
    private long policyVersion = -1;
    private Instant policyChangedAt;

    GatewayMetrics(MetricsOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        for (LockEventType type : LockEventType.values()) {
            events.put(type, new LongAdder());
        }
    }

    void setRouter(LockRouter router) {
        if (this.router != router) {
            this.router = router;
            directoryRefreshedAt.set(Long.MIN_VALUE);
        }
    }

    /** Counts one event; called on the publishing thread, so it only touches counters. */
    void onEvent(LockEvent event) {
        events.get(event.type()).increment();
        Map<String, String> attributes = event.attributes();
        switch (event.type()) {
            case ACCESS_GRANTED, ACCESS_DENIED -> decisions.computeIfAbsent(List.of(
                    event.type() == LockEventType.ACCESS_GRANTED ? "granted" : "denied",
                    attributes.getOrDefault("reason", UNKNOWN)), k -> new LongAdder()).increment();
            case COMMAND_RESULT -> {
                String adapter = adapterOf(event.lockId());
                commands.computeIfAbsent(List.of(adapter, attributes.getOrDefault("commandType", UNKNOWN),
                        attributes.getOrDefault("outcome", UNKNOWN)), k -> new LongAdder()).increment();
            }
            case GATEWAY_ALARM -> alarms.computeIfAbsent(attributes.getOrDefault("alarm", UNKNOWN),
                    k -> new LongAdder()).increment();
            case BATTERY_LEVEL, BATTERY_LOW -> percent(attributes).ifPresent(p -> view(event).battery = p);
            case LOCK_OFFLINE -> view(event).offline = true;
            case LOCK_ONLINE -> view(event).offline = false;
            case DOOR_AJAR -> view(event).ajar = true;
            case DOOR_CLOSED -> view(event).ajar = false;
            case LOCK_REMOVED -> {
                if (event.lockId() != null) {
                    locks.remove(event.lockId());
                }
            }
            default -> {
            }
        }
    }

    /** One command an adapter answered, timed by the lock router from dispatch to result. */
    void onCommandCompleted(String adapterId, long durationNanos) {
        if (adapterId == null || durationNanos < 0) {
            return;
        }
        durations.computeIfAbsent(adapterId, a -> new Histogram()).observe(durationNanos / 1e9);
    }

    String scrape(Sources sources) {
        setRouter(sources.router());
        refreshDirectory(true);
        PrometheusText text = new PrometheusText();
        gateway(text, sources.publisher());
        eventStore(text, sources.store());
        cloud(text, sources.cloud());
        policy(text, sources.policy());
        lockEvents(text);
        lockFleet(text);
        return text.toString();
    }

    private void gateway(PrometheusText text, LockEventPublisher publisher) {
        text.family(GATEWAY_INFO);
        String gatewayId = UNKNOWN;
        String propertyId = UNKNOWN;
        if (publisher != null) {
            try {
                gatewayId = publisher.gatewayId();
                propertyId = publisher.propertyId();
            } catch (RuntimeException e) {
                // publisher not configured yet
            }
        }
        text.sample(GATEWAY_INFO.name(), 1, "gateway", gatewayId, "property", propertyId);
        text.family(UPTIME).sample(UPTIME.name(), ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        text.family(HEAP_USED).sample(HEAP_USED.name(), heap.getUsed());
        text.family(HEAP_MAX).sample(HEAP_MAX.name(), heap.getMax() < 0 ? heap.getCommitted() : heap.getMax());
        text.family(THREADS).sample(THREADS.name(), ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static void eventStore(PrometheusText text, EventStore store) {
        EventStoreStats stats = null;
        if (store != null) {
            try {
                stats = store.stats();
            } catch (RuntimeException e) {
                stats = null;
            }
        }
        text.family(STORE_UP).sample(STORE_UP.name(), stats == null ? 0 : 1);
        if (stats == null) {
            return;
        }
        text.family(STORE_DEPTH).sample(STORE_DEPTH.name(), stats.depth());
        text.family(STORE_AGE).sample(STORE_AGE.name(), stats.oldestAge().toMillis() / 1000.0);
        text.family(STORE_BYTES).sample(STORE_BYTES.name(), stats.liveBytes());
        text.family(STORE_APPENDED).sample(STORE_APPENDED.name(), stats.appended());
        text.family(STORE_FORWARDED).sample(STORE_FORWARDED.name(), stats.acknowledged());
        text.family(STORE_SHED)
                .sample(STORE_SHED.name(), stats.shedTelemetry(), "priority", "TELEMETRY")
                .sample(STORE_SHED.name(), stats.shedNormal(), "priority", "NORMAL");
    }

    private static void cloud(PrometheusText text, CloudConnectorStatus cloud) {
        Map<String, Long> counters = null;
        boolean connected = false;
        if (cloud != null) {
            try {
                counters = new TreeMap<>(cloud.counters());
                connected = cloud.connected();
            } catch (RuntimeException e) {
                counters = null;
            }
        }
        text.family(CLOUD_UP).sample(CLOUD_UP.name(), counters == null ? 0 : 1);
        if (counters == null) {
            return;
        }
        text.family(CLOUD_CONNECTED).sample(CLOUD_CONNECTED.name(), connected ? 1 : 0);
        single(text, CLOUD_SENT, counters.remove(CloudConnectorStatus.EVENTS_SENT));
        single(text, CLOUD_ACKED, counters.remove(CloudConnectorStatus.EVENTS_ACKNOWLEDGED));
        single(text, CLOUD_COMMANDS, counters.remove(CloudConnectorStatus.COMMANDS_EXECUTED));
        single(text, CLOUD_CONNECTS, counters.remove(CloudConnectorStatus.CONNECTS));
        single(text, CLOUD_LOSSES, counters.remove(CloudConnectorStatus.CONNECTION_LOSSES));
        labelled(text, CLOUD_REJECTED, "reason", CloudConnectorStatus.COMMANDS_REJECTED, counters);
        labelled(text, CLOUD_POLICY, "result", CloudConnectorStatus.POLICY, counters);
        text.family(CLOUD_OTHER);
        counters.forEach((name, value) -> text.sample(CLOUD_OTHER.name(), value, "name", name));
    }

    private static void single(PrometheusText text, Family family, Long value) {
        text.family(family).sample(family.name(), value == null ? 0 : value);
    }

    private static void labelled(PrometheusText text, Family family, String label, String prefix,
            Map<String, Long> counters) {
        text.family(family);
        var matching = counters.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).toList();
        for (Map.Entry<String, Long> entry : matching) {
            text.sample(family.name(), entry.getValue(), label, entry.getKey().substring(prefix.length()));
            counters.remove(entry.getKey());
        }
    }

    private synchronized void policy(PrometheusText text, PolicyCache policy) {
        Long version = null;
        if (policy != null) {
            try {
                version = policy.version();
            } catch (RuntimeException e) {
                version = null;
            }
        }
        text.family(POLICY_UP).sample(POLICY_UP.name(), version == null ? 0 : 1);
        if (version == null) {
            return;
        }
        Instant now = clock.instant();
        if (version != policyVersion) {
            policyVersion = version;
            policyChangedAt = now;
        }
        text.family(POLICY_VERSION).sample(POLICY_VERSION.name(), version);
        text.family(POLICY_AGE).sample(POLICY_AGE.name(), (now.toEpochMilli() - policyChangedAt.toEpochMilli()) / 1000.0);
    }

    private void lockEvents(PrometheusText text) {
        text.family(DECISIONS);
        sorted(keyed(decisions)).forEach((key, count) -> text.sample(DECISIONS.name(), count,
                "outcome", key.get(0), "reason", key.get(1)));
        text.family(COMMANDS);
        sorted(keyed(commands)).forEach((key, count) -> text.sample(COMMANDS.name(), count,
                "adapter", key.get(0), "command", key.get(1), "outcome", key.get(2)));
        text.family(COMMAND_DURATION);
        new TreeMap<>(durations).forEach((adapter, histogram) -> histogram.write(text, adapter));
        text.family(EVENTS);
        events.forEach((type, count) -> text.sample(EVENTS.name(), count.sum(), "type", type.name()));
        text.family(ALARMS);
        new TreeMap<>(alarms).forEach((alarm, count) -> text.sample(ALARMS.name(), count.sum(), "alarm", alarm));
    }

    private void lockFleet(PrometheusText text) {
        Map<String, LockInfo> known = directory;
        Map<List<String>, Long> perAdapter = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (LockInfo lock : known.values()) {
            perAdapter.merge(List.of(lock.adapterId(), lock.protocol()), 1L, Long::sum);
        }
        text.family(LOCKS);
        perAdapter.forEach((key, count) -> text.sample(LOCKS.name(), count, "adapter", key.get(0), "protocol",
                key.get(1)));
        Map<String, long[]> flags = new TreeMap<>();
        for (LockInfo lock : known.values()) {
            flags.putIfAbsent(lock.adapterId(), new long[3]);
        }
        Map<String, LockView> views = new TreeMap<>(locks);
        for (Map.Entry<String, LockView> entry : views.entrySet()) {
            LockView view = entry.getValue();
            long[] counts = flags.computeIfAbsent(adapterOf(entry.getKey()), a -> new long[3]);
            counts[0] += view.offline ? 1 : 0;
            counts[1] += view.battery >= 0 && view.battery < options.lowBatteryPercent() ? 1 : 0;
            counts[2] += view.ajar ? 1 : 0;
        }
        text.family(LOCKS_OFFLINE);
        flags.forEach((adapter, c) -> text.sample(LOCKS_OFFLINE.name(), c[0], "adapter", adapter));
        text.family(LOCKS_BATTERY_LOW);
        flags.forEach((adapter, c) -> text.sample(LOCKS_BATTERY_LOW.name(), c[1], "adapter", adapter));
        text.family(DOORS_AJAR);
        flags.forEach((adapter, c) -> text.sample(DOORS_AJAR.name(), c[2], "adapter", adapter));
        text.family(BATTERY);
        if (options.perLockBattery()) {
            views.forEach((lockId, view) -> {
                if (view.battery >= 0) {
                    text.sample(BATTERY.name(), view.battery, "lock", lockId, "adapter", adapterOf(lockId));
                }
            });
        }
    }

    private static Map<List<String>, Long> sorted(Map<List<String>, Long> counts) {
        Map<List<String>, Long> sorted = new TreeMap<>(java.util.Comparator.comparing(List::toString));
        sorted.putAll(counts);
        return sorted;
    }

    private static <K> Map<K, Long> keyed(Map<K, LongAdder> counters) {
        return counters.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()));
    }

    private LockView view(LockEvent event) {
        return event.lockId() == null ? new LockView() : locks.computeIfAbsent(event.lockId(), id -> new LockView());
    }

    private static java.util.Optional<Integer> percent(Map<String, String> attributes) {
        try {
            String percent = attributes.get("percent");
            return percent == null ? java.util.Optional.empty()
                    : java.util.Optional.of((int) Math.round(Double.parseDouble(percent)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private String adapterOf(String lockId) {
        if (lockId == null) {
            return "gateway";
        }
        LockInfo lock = directory.get(lockId);
        if (lock == null && refreshDirectory(false)) {
            lock = directory.get(lockId);
        }
        return lock == null ? UNKNOWN : lock.adapterId();
    }

    /** Asks the router for its locks at most every few seconds unless forced: events can be frequent. */
    private boolean refreshDirectory(boolean force) {
        long now = System.nanoTime();
        long last = directoryRefreshedAt.get();
        if (!force && last != Long.MIN_VALUE && now - last < 5_000_000_000L) {
            return false;
        }
        directoryRefreshedAt.set(now);
        LockRouter current = router;
        if (current == null) {
            directory = Map.of();
            return true;
        }
        try {
            Collection<LockInfo> all = current.locks();
            directory = all.stream().collect(Collectors.toUnmodifiableMap(LockInfo::lockId, l -> l, (a, b) -> a));
        } catch (RuntimeException e) {
            // the router is going away; keep what we knew
        }
        return true;
    }

    /** What the events said about one lock. */
    private static final class LockView {
        volatile int battery = -1;
        volatile boolean offline;
        volatile boolean ajar;
    }

    /** Cumulative buckets of a Prometheus histogram. */
    private static final class Histogram {
        private final LongAdder[] buckets = Stream.generate(LongAdder::new).limit(DURATION_BUCKETS.length)
                .toArray(LongAdder[]::new);
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        void observe(double seconds) {
            for (int i = 0; i < DURATION_BUCKETS.length; i++) {
                if (seconds <= DURATION_BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }

        void write(PrometheusText text, String adapter) {
            String name = COMMAND_DURATION.name();
            for (int i = 0; i < DURATION_BUCKETS.length; i++) {
                text.sample(name + "_bucket", buckets[i].sum(), "adapter", adapter, "le",
                        PrometheusText.format(DURATION_BUCKETS[i]));
            }
            long total = count.sum();
            text.sample(name + "_bucket", total, "adapter", adapter, "le", "+Inf");
            text.sample(name + "_sum", sum.sum(), "adapter", adapter);
            text.sample(name + "_count", total, "adapter", adapter);
        }
    }
}
