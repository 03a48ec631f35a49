package com.nexefii.bench;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.postgresql.PGConnection;

import com.nexefii.bench.mqtt.ContractEvents;
import com.nexefii.mqtt.contract.transport.NoDelaySslSocketFactory;
import com.nexefii.bench.mqtt.QosOnePublisher;

/**
 * Scenario 6: cloud audit ingest into PostgreSQL. A gateway identity of the stack publishes N
 * contract events (QoS 1, window 256) to the stack's Mosquitto; the cloud ingests them; the figure
 * runs from the first publish to the commit of the last row (the gateway's {@code last_seq} reaching
 * the last event's, polled every 50 ms). Baseline: {@code COPY}
 * of the same rows into a table like {@code audit_events} (same columns, constraints and indexes,
 * WAL-logged) on the same server.
 *
 * <p>Needs a running stack with the cloud and a seeded gateway ({@code --stack-env}). The ingested
 * rows stay: {@code audit_events} is append-only. Use a throwaway stack.
 */
public final class AuditIngestScenario implements Scenario {

    static final int WINDOW = 256;
    static final String BENCH_GATEWAY = "gw-bench";

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String title() {
        return "Cloud audit ingest into PostgreSQL vs COPY of the same rows";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        if (settings.stackEnv() == null) {
            return List.of(Figure.notRun(6, "ingest of gateway events through the cloud into audit_events",
                    "needs a running stack with the cloud and a seeded gateway identity " + BENCH_GATEWAY
                            + ": integration-tests/stack/up.sh --detach, add-gateway.sh hotel-a " + BENCH_GATEWAY
                            + ", cloud-ear/seed-stack.sh, then bench/run.sh --stack-env <stack>/stack.env"));
        }
        StackEnv env = new StackEnv(settings.stackEnv());
        // a gateway identity no running gateway uses: Mosquitto forces client id = certificate CN,
        // so publishing as a live gateway would take its session away
        String[] gateway = java.util.Arrays.stream(env.get("NEXEFII_GATEWAYS").split(",")).map(String::trim)
                .filter(g -> g.endsWith("/" + BENCH_GATEWAY)).findFirst().orElseThrow(() -> new IllegalStateException(
                        "the stack has no gateway " + BENCH_GATEWAY + ": integration-tests/stack/add-gateway.sh "
                                + "hotel-a " + BENCH_GATEWAY + ", then cloud-ear/seed-stack.sh <stack.env>"))
                .split("/");
        String property = gateway[0];
        String gatewayId = gateway[1];
        int count = settings.pick(10_000, 100_000);
        String marker = "bench-" + UUID.randomUUID();
        List<ContractEvents.Event> events = ContractEvents.unlocked(count, property, gatewayId,
                System.currentTimeMillis() * 1000, marker);

        try (Connection db = DriverManager.getConnection(env.get("NEXEFII_DB_URL"), env.get("NEXEFII_DB_OWNER_USER"),
                env.get("NEXEFII_DB_OWNER_PASSWORD"))) {
            // audit_events has forced row-level security: rows are visible only in their property's scope
            try (Statement s = db.createStatement()) {
                s.execute("set app.property_id = '" + property.replace("'", "") + "'");
            }
            Measured<Double> copy = Measured.of(() -> copy(db, events));
            Measured<Ingested> ingest = Measured.of(() -> ingest(env, property, gatewayId, events, db, marker));
            Ingested in = ingest.value();
            double rate = in.rows() / in.seconds();
            boolean complete = in.rows() == count;
            return List.of(new Figure(6, "cloud ingest of " + count + " gateway events (MQTT → cloud → audit_events)",
                    rate, "rows/s", "COPY of the same rows into a table like audit_events (same server)",
                    copy.value(), "≥ 0.5× baseline, none lost", complete && rate / copy.value() >= 0.5,
                    ingest.load() + " (COPY: " + copy.load() + ")", (complete ? "" : String.format(Locale.ROOT,
                            "**%d of %d events LOST** (ingest stopped growing for 30 s; see FINDINGS.md); ",
                            count - in.rows(), count)) + "from the first publish (QoS 1, window " + WINDOW
                            + ") to the commit of the last row (the gateway's last_seq seen by a 50 ms poll); gateway " + property + "/" + gatewayId));
        }
    }

    private static double copy(Connection db, List<ContractEvents.Event> events) throws Exception {
        String table = "bench_copy_" + UUID.randomUUID().toString().replace("-", "");
        try (Statement s = db.createStatement()) {
            s.execute("create table " + table + " (like audit_events including all)");
        }
        try {
            StringBuilder csv = new StringBuilder();
            for (ContractEvents.Event e : events) {
                csv.append(e.eventId()).append(',').append(e.propertyId()).append(",GATEWAY,").append(e.gatewayId())
                        .append(',').append(e.lockId()).append(',').append(e.seq()).append(",UNLOCKED,NORMAL,")
                        .append(e.occurredAt()).append(",mk-7f3a,,,\"").append(e.attributesJson().replace("\"", "\"\""))
                        .append("\"\n");
            }
            long start = System.nanoTime();
            db.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " (event_id, property_id, source, "
                    + "gateway_id, lock_id, seq, type, priority, occurred_at, actor, command_id, outcome, attributes) "
                    + "from stdin (format csv)", new StringReader(csv.toString()));
            return events.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            try (Statement s = db.createStatement()) {
                s.execute("drop table " + table);
            }
        }
    }

    record Ingested(long rows, double seconds) {
    }

    private static Ingested ingest(StackEnv env, String property, String gatewayId, List<ContractEvents.Event> events,
            Connection db, String marker) throws Exception {
        String password = env.get("NEXEFII_PKCS12_PASSWORD");
        Path keystore = Path.of(env.get("NEXEFII_PKI_DIR"), gatewayId + ".p12");
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(new NoDelaySslSocketFactory(Tls.socketFactory(keystore, password,
                Path.of(env.get("NEXEFII_TLS_TRUSTSTORE")), env.get("NEXEFII_TLS_TRUSTSTORE_PASSWORD"))));
        options.setMaxInflight(WINDOW + 32);
        options.setCleanSession(true);
        MqttAsyncClient client = new MqttAsyncClient(env.get("NEXEFII_MQTT_URL"), gatewayId, new MemoryPersistence());
        Instant start;
        try {
            client.connect(options).waitForCompletion(15_000);
            start = Instant.now();
            QosOnePublisher.publishAll(client, "nexefii/v1/" + property + "/" + gatewayId + "/evt",
                    events.stream().map(ContractEvents.Event::payload).toList(), WINDOW);
        } finally {
            RemoteUnlockScenario.disconnect(client);
        }
        // progress is read from the gateway's last ingested seq (one row): counting the run's rows in a
        // loop scanned audit_events five times a second and took PostgreSQL CPU from the ingest it measures
        long finalSeq = events.stream().mapToLong(ContractEvents.Event::seq).max().orElseThrow();
        long lastSeq = Long.MIN_VALUE;
        Instant committed = null;
        long lastProgress = System.nanoTime();
        try (PreparedStatement progress = db.prepareStatement("select coalesce(last_seq, 0) from gateways "
                + "where property_id = ? and gateway_id = ?");
                PreparedStatement rows = db.prepareStatement("select count(*), max(received_at) from audit_events "
                        + "where property_id = ? and attributes->>'benchRun' = ?")) {
            progress.setString(1, property);
            progress.setString(2, gatewayId);
            rows.setString(1, property);
            rows.setString(2, marker);
            while (true) {
                long seq;
                try (ResultSet r = progress.executeQuery()) {
                    seq = r.next() ? r.getLong(1) : 0;
                }
                if (seq != lastSeq) {
                    lastSeq = seq;
                    lastProgress = System.nanoTime();
                    if (seq >= finalSeq) {
                        committed = Instant.now();
                    }
                }
                boolean stalled = System.nanoTime() - lastProgress > Duration.ofSeconds(30).toNanos();
                if (seq >= finalSeq || stalled) {
                    try (ResultSet r = rows.executeQuery()) {
                        r.next();
                        long count = r.getLong(1);
                        if (count >= events.size() || (stalled && count > 0)) {
                            // received_at is stamped when the cloud parsed the message, before it was queued for
                            // the ingest worker: with a deep queue it ends the run seconds before the commit
                            // (a row that came only later, resent, ends the run when it is counted)
                            Instant last = committed == null ? r.getTimestamp(2).toInstant()
                                    : Duration.between(committed, Instant.now()).toSeconds() < 5 ? committed : Instant.now();
                            return new Ingested(count, Duration.between(start, last).toNanos() / 1e9);
                        }
                        if (stalled) {
                            throw new IllegalStateException("the cloud ingested none of " + events.size()
                                    + " events within 30 s");
                        }
                    }
                }
                Thread.sleep(50);
            }
        }
    }
}
