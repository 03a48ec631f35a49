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
    /** The consumer's evt/ack messages not yet PUBACKed, at most (its client's window is {@link #WINDOW}). */
    static final int ACKS_IN_FLIGHT = 16;

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
        // untimed warm-up of both paths: a cold first baseline (JIT, TLS, Paho) ran at half the speed of the
        // second and flattered the ratio
        int warmUp = Math.min(count, settings.pick(5_000, 20_000));
        rawPaho(settings, payloads.subList(0, warmUp));
        connector(settings, events.subList(0, warmUp));
        // the baseline brackets the connector run: their mean cancels a load that drifts
        Measured<Double> before = Measured.of(() -> rawPaho(settings, payloads));
        Measured<ConnectorRun> connectorRun = Measured.of(() -> connector(settings, events));
        Measured<Double> connector = new Measured<>(connectorRun.value().eventsPerSecond(), connectorRun.load());
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
                                        "connector %.1f s; baseline %.0f and %.0f events/s; inFlightWindow %d (PUBACK "
                                                + "window), cloudAckWindow %d; resent after an evt/ack timeout: %d; after an "
                                                + "untimed warm-up of %d events each; store in GROUP_COMMIT, an event leaves it "
                                                + "on the consumer's evt/ack (contract v1); %s",
                                        count / connector.value(), before.value(), after.value(), WINDOW,
                                        connectorRun.value().cloudAckWindow(), connectorRun.value().resends(), warmUp,
                                        setup)),
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

    /**
     * @param eventsPerSecond from the connector's start to the last distinct event consumed
     * @param resends times the connector sent its unacknowledged events again after an evt/ack timeout
     * @param cloudAckWindow the connector's window of events waiting for evt/ack
     */
    record ConnectorRun(double eventsPerSecond, long resends, int cloudAckWindow) {
    }

    static ConnectorRun connector(BenchSettings settings, List<LockEvent> events) throws Exception {
        Path dir = Files.createTempDirectory(settings.work(), "replay-store-");
        // the outage: events pile up in the store while the cloud is away
        try (SegmentedEventLog filling = new SegmentedEventLog(EventStoreOptions.defaults(dir)
                .withMode(DurabilityMode.OS_BUFFERED), (a, d) -> { }, Clock.systemUTC())) {
            events.forEach(filling::append);
        }
        try (MosquittoBroker broker = MosquittoBroker.start(settings.work(), WINDOW, "bench-cloud", "gw-a1");
                IdempotentConsumer consumer = new IdempotentConsumer(broker, events.size(), true);
                SegmentedEventLog store = new SegmentedEventLog(EventStoreOptions.defaults(dir), (a, d) -> { },
                        Clock.systemUTC())) {
            if (store.depth() != events.size()) {
                throw new IllegalStateException("store holds " + store.depth() + " events, expected " + events.size());
            }
            long start = System.nanoTime();
            try (BenchCloudLink link = new BenchCloudLink(broker.url(), broker.keystore("gw-a1"),
                    broker.truststore(), MosquittoBroker.PASSWORD, "hotel-a", "gw-a1", store, WINDOW,
                    dir.resolveSibling(dir.getFileName() + "-connector"))) {
                double seconds = consumer.awaitAll(Duration.ofMinutes(10), start);
                return new ConnectorRun(events.size() / seconds, link.resentAfterTimeout(), link.cloudAckWindow());
            }
        }
    }

    /** @return events per second from connect to the last distinct event consumed */
    static double rawPaho(BenchSettings settings, List<byte[]> payloads) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(settings.work(), WINDOW, "bench-cloud", "gw-a1");
                IdempotentConsumer consumer = new IdempotentConsumer(broker, payloads.size(), false)) {
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

    /**
     * The cloud side: takes every event once, whatever is redelivered, and (for the connector, whose
     * store waits for it) acknowledges what it took on evt/ack as the cloud does after its commit:
     * whatever has arrived since the last acknowledgement, in one message of seq ranges.
     */
    static final class IdempotentConsumer implements AutoCloseable {

        private final MqttAsyncClient client;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final CountDownLatch all;
        private final java.util.concurrent.LinkedBlockingQueue<Long> toAcknowledge = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread acker;
        private volatile boolean open = true;
        private volatile long lastNanos;
        private final java.util.concurrent.Semaphore ackSlots = new java.util.concurrent.Semaphore(ACKS_IN_FLIGHT);
        private final java.util.concurrent.atomic.AtomicLong acksFailed = new java.util.concurrent.atomic.AtomicLong();
        private final org.eclipse.paho.client.mqttv3.IMqttActionListener releaseAckSlot =
                new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                    @Override
                    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                        ackSlots.release();
                    }

                    @Override
                    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable error) {
                        acksFailed.incrementAndGet();
                        ackSlots.release();
                    }
                };

        IdempotentConsumer(MosquittoBroker broker, int expected, boolean acknowledge) throws Exception {
            all = new CountDownLatch(expected);
            client = new MqttAsyncClient(broker.url(), "bench-cloud-" + UUID.randomUUID(), new MemoryPersistence());
            client.connect(broker.options("bench-cloud", WINDOW)).waitForCompletion(10_000);
            client.subscribe(EVENTS, 1, (topic, message) -> {
                var event = JSON.readTree(message.getPayload());
                if (acknowledge) {
                    toAcknowledge.add(event.path("seq").asLong());
                }
                if (seen.add(event.path("eventId").asText())) {
                    lastNanos = System.nanoTime();
                    all.countDown();
                }
            }).waitForCompletion(10_000);
            acker = new Thread(this::acknowledgeLoop, "bench-cloud-evt-ack");
            acker.setDaemon(true);
            if (acknowledge) {
                acker.start();
            }
        }

        private void acknowledgeLoop() {
            List<Long> seqs = new ArrayList<>();
            while (open) {
                try {
                    Long first = toAcknowledge.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    // like the cloud's single ingest worker: while earlier acknowledgements are out, the next
                    // one grows; never more in flight than Paho takes (a refused one would cost a resend timeout)
                    ackSlots.acquire();
                    seqs.add(first);
                    toAcknowledge.drainTo(seqs);
                    java.util.Collections.sort(seqs);
                    StringBuilder ranges = new StringBuilder();
                    long from = seqs.get(0);
                    long to = from;
                    for (long seq : seqs.subList(1, seqs.size())) {
                        if (seq <= to + 1) {
                            to = Math.max(to, seq);
                        } else {
                            ranges.append(ranges.length() > 0 ? "," : "").append('[').append(from).append(',').append(to).append(']');
                            from = seq;
                            to = seq;
                        }
                    }
                    ranges.append(ranges.length() > 0 ? "," : "").append('[').append(from).append(',').append(to).append(']');
                    seqs.clear();
                    String ack = "{\"v\":1,\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a1\",\"seqRanges\":[" + ranges
                            + "],\"at\":\"" + Instant.now() + "\"}";
                    try {
                        client.publish(EVENTS + "/ack", ack.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false,
                                null, releaseAckSlot);
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        // the connector sends the events again after its timeout
                        ackSlots.release();
                        acksFailed.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
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
            open = false;
            RemoteUnlockScenario.disconnect(client);
        }
    }
}
