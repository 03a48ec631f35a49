package com.nexefii.cloud.connector.mqtt;

import com.nexefii.cloud.connector.testing.CloudSubscriber;
import com.nexefii.cloud.connector.testing.MosquittoBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.event.store.log.SegmentedEventLog;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;

/**
 * Measures replay after an outage: N stored events forwarded by the connector to a real Mosquitto
 * (mTLS) until the store is empty and an independent consumer holds every event. Not a test; run by
 * hand and copy the figures into the event store README:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) com.nexefii.cloud.connector.mqtt.ReplayToMosquitto [events] [window]
 * </pre>
 */
public final class ReplayToMosquitto {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path dir = Files.createTempDirectory("replay-bench");
        try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker"),
                List.<String[]>of(new String[] { "hotel-a", "gw-a1" }))) {
            broker.start();
            EventStoreOptions storeOptions = EventStoreOptions.defaults(dir.resolve("events"))
                    .withCapacity(64L << 20, 1L << 30);
            try (SegmentedEventLog fill = new SegmentedEventLog(storeOptions.withMode(DurabilityMode.OS_BUFFERED),
                    (a, d) -> { }, Clock.systemUTC())) {
                for (int i = 1; i <= events; i++) {
                    fill.append(new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", "sim-a-101", i,
                            Instant.now(), LockEventType.UNLOCKED, Map.of("credentialId", "mk-" + i, "method", "pin")));
                }
            }
            SegmentedEventLog store = new SegmentedEventLog(storeOptions, (a, d) -> { }, Clock.systemUTC());
            CloudConnectorOptions options = new CloudConnectorOptions(java.net.URI.create(broker.url()), "",
                    broker.keystore("gw-a1"), MosquittoBroker.PASSWORD, broker.truststore(), MosquittoBroker.PASSWORD,
                    Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1), window,
                    Duration.ofHours(1), 1000, Duration.ofSeconds(5), 1 << 20, dir.resolve("connector"));
            try (CloudSubscriber cloud = new CloudSubscriber(broker.url(), broker.tls(MosquittoBroker.CLOUD), "bench-cloud", "nexefii/v1/hotel-a/gw-a1/evt")) {
                CloudLink link = new CloudLink(options, "hotel-a", "gw-a1", store,
                        new CloudLinkWithMosquittoIT.OneLockRouter(null), null, () -> null, Map::of,
                        MutualTls.socketFactory(options),
                        new ExecutedCommands(dir.resolve("replay"), Duration.ofMinutes(10), Clock.systemUTC()),
                        Clock.systemUTC());
                long start = System.nanoTime();
                link.start();
                while (store.depth() > 0 || cloud.events().size() < events) {
                    Thread.sleep(20);
                }
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT,
                        "replay: %d events, window %d: store drained and consumer complete in %.2f s = %.0f events/s "
                                + "(duplicates %d); Kura's default republish rate of 1 msg/s would take %.1f h%n",
                        events, window, s, events / s, cloud.duplicates(), events / 3600.0);
                link.stop();
            }
            store.close();
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
