package com.nexefii.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.connector.mqtt.BenchCloudLink;
import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.event.store.log.SegmentedEventLog;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.bench.mqtt.MosquittoBroker;
import com.nexefii.bench.mqtt.QosOnePublisher;

/**
 * Scenario 3: replay after an outage, N stored events forwarded to a real Mosquitto and taken by
 * an idempotent consumer (dedup by event id), timed from the first send to the N-th distinct event
 * received. Baseline: raw Paho QoS 1 publishing the same messages with the same in-flight window.
 */
public final class ReplayScenario implements Scenario {

    static final String EVENTS = "nexefii/v1/hotel-a/gw-a1/evt";
    /** The cloud connector's default {@code inFlightWindow}. */
    static final int WINDOW = 256;
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String title() {
        return "Replay after an outage: 100,000 stored events forwarded to the cloud and ingested exactly once";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        int count = settings.pick(20_000, 100_000);
        List<LockEvent> events = events(count);
        List<byte[]> payloads = events.stream().map(BenchCloudLink::payload).toList();
        // the baseline brackets the connector run: their mean cancels a load that drifts
        Measured<Double> before = Measured.of(() -> rawPaho(settings, payloads));
        Measured<Double> connector = Measured.of(() -> connector(settings, events));
        Measured<Double> after = Measured.of(() -> rawPaho(settings, payloads));
        double baseline = (before.value() + after.value()) / 2;
        String baselineWhat = "raw Paho QoS 1, in-flight window " + WINDOW + ", the same " + count
                + " payloads (mean of a run before and after)";
        String setup = "Mosquitto 2, mTLS, max_inflight_messages " + WINDOW + "; consumer: Paho QoS 1, dedup by "
                + "eventId; timed from connect to the last distinct event consumed";
        double ratio = connector.value() / baseline;
        return List.of(
                new Figure(3, "replay of " + count + " stored events by com.nexefii.cloud.connector (event store → "
                        + "MQTT → idempotent consumer)", connector.value(), "events/s", baselineWhat, baseline,
                        "≥ 0.7× baseline", ratio >= 0.7, connector.load() + " (baseline " + before.load() + ", "
                                + after.load() + ")", String.format(Locale.ROOT,
                                        "connector %.1f s; baseline %.0f and %.0f events/s; inFlightWindow %d; store in "
                                                + "GROUP_COMMIT acknowledging on PUBACK; %s",
                                        count / connector.value(), before.value(), after.value(), WINDOW, setup)),
                new Figure(3, "reference: Kura's default publish rate (1 msg/s)", 1.0, "events/s", baselineWhat,
                        baseline, "", null, "—", String.format(Locale.ROOT,
                                "reference only: replaying 100,000 events at 1 msg/s takes 100,000 s (%.1f h)",
                                100_000 / 3600.0)));
    }

    static List<LockEvent> events(int count) {
        List<LockEvent> events = new ArrayList<>(count);
        Instant base = Instant.parse("2026-11-25T15:00:00Z");
        for (int i = 0; i < count; i++) {
            events.add(new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", "sim-a-" + (100 + i % 400),
                    i + 1, base.plusMillis(i), LockEventType.UNLOCKED, Map.of("credentialId", "mk-7f3a", "method",
                            "mobile-key")));
        }
        return events;
    }

    /** @return events per second from the connector's start to the last distinct event consumed */
    static double connector(BenchSettings settings, List<LockEvent> events) throws Exception {
        Path dir = Files.createTempDirectory(settings.work(), "replay-store-");
        // the outage: events pile up in the store while the cloud is away
        try (SegmentedEventLog filling = new SegmentedEventLog(EventStoreOptions.defaults(dir)
                .withMode(DurabilityMode.OS_BUFFERED), (a, d) -> { }, Clock.systemUTC())) {
            events.forEach(filling::append);
        }
        try (MosquittoBroker broker = MosquittoBroker.start(settings.work(), WINDOW, "bench-cloud", "gw-a1");
                IdempotentConsumer consumer = new IdempotentConsumer(broker, events.size());
                SegmentedEventLog store = new SegmentedEventLog(EventStoreOptions.defaults(dir), (a, d) -> { },
                        Clock.systemUTC())) {
            if (store.depth() != events.size()) {
                throw new IllegalStateException("store holds " + store.depth() + " events, expected " + events.size());
            }
            long start = System.nanoTime();
            try (BenchCloudLink link = new BenchCloudLink(broker.url(), broker.keystore("gw-a1"),
                    broker.truststore(), MosquittoBroker.PASSWORD, "hotel-a", "gw-a1", store, WINDOW,
                    dir.resolveSibling(dir.getFileName() + "-connector"))) {
                return events.size() / consumer.awaitAll(Duration.ofMinutes(10), start);
            }
        }
    }

    /** @return events per second from connect to the last distinct event consumed */
    static double rawPaho(BenchSettings settings, List<byte[]> payloads) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(settings.work(), WINDOW, "bench-cloud", "gw-a1");
                IdempotentConsumer consumer = new IdempotentConsumer(broker, payloads.size())) {
            MqttAsyncClient gateway = new MqttAsyncClient(broker.url(), "gw-a1", new MemoryPersistence());
            try {
                long start = System.nanoTime();
                gateway.connect(broker.options("gw-a1", WINDOW + 32)).waitForCompletion(10_000);
                QosOnePublisher.publishAll(gateway, EVENTS, payloads, WINDOW);
                double seconds = consumer.awaitAll(Duration.ofMinutes(10), start);
                return payloads.size() / seconds;
            } finally {
                RemoteUnlockScenario.disconnect(gateway);
            }
        }
    }

    /** The cloud side: takes every event once, whatever is redelivered. */
    static final class IdempotentConsumer implements AutoCloseable {

        private final MqttAsyncClient client;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final CountDownLatch all;
        private volatile long lastNanos;

        IdempotentConsumer(MosquittoBroker broker, int expected) throws Exception {
            all = new CountDownLatch(expected);
            client = new MqttAsyncClient(broker.url(), "bench-cloud-" + UUID.randomUUID(), new MemoryPersistence());
            client.connect(broker.options("bench-cloud", WINDOW)).waitForCompletion(10_000);
            client.subscribe(EVENTS, 1, (topic, message) -> {
                String eventId = JSON.readTree(message.getPayload()).path("eventId").asText();
                if (seen.add(eventId)) {
                    lastNanos = System.nanoTime();
                    all.countDown();
                }
            }).waitForCompletion(10_000);
        }

        /** @return seconds from {@code startNanos} to the last distinct event */
        double awaitAll(Duration timeout, long startNanos) throws InterruptedException {
            if (!all.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("consumer got " + seen.size() + " distinct events, "
                        + all.getCount() + " missing");
            }
            return (lastNanos - startNanos) / 1e9;
        }

        @Override
        public void close() {
            RemoteUnlockScenario.disconnect(client);
        }
    }
}
