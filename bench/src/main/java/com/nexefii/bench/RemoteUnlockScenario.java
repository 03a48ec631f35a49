package com.nexefii.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.nexefii.bench.load.FixedRateLoad;
import com.nexefii.bench.mqtt.MosquittoBroker;

/**
 * Scenario 1: remote unlock end to end, REST (JWT) → cloud → MQTT → gateway → simulated lock (zero
 * latency) → result back, at a fixed arrival rate. Baseline: the MQTT round trip alone, raw Paho
 * publish → Mosquitto (mutual TLS) → Paho echo → back, QoS 1 both ways, same rate.
 *
 * <p>The cloud answers the unlock with 202 before the lock acts; the command is complete when the
 * gateway's {@code COMMAND_RESULT} has been ingested and the command is {@code DONE}. That moment is
 * observed on the cloud's SSE stream: the result's notification is pushed right after the ingest
 * transaction commits (PostgreSQL NOTIFY, no polling interval), whereas polling the command resource
 * would add up to its period to every figure and load the cloud with the polls.
 */
public final class RemoteUnlockScenario implements Scenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String COMMANDS = "nexefii/v1/hotel-bench/gw-bench/cmd";
    static final String RESULTS = "nexefii/v1/hotel-bench/gw-bench/evt";
    /** About the size of a command / result message of the contract. */
    static final int PAYLOAD_BYTES = 320;

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String title() {
        return "Remote unlock end to end: REST (JWT) → cloud → MQTT → gateway → simulated lock → result back";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        double rate = settings.pick(10.0, 20.0);
        Duration warmUp = Duration.ofSeconds(settings.pick(5, 15));
        Duration measured = Duration.ofSeconds(settings.pick(20, 60));
        Measured<FixedRateLoad.Result> echo = Measured.of(() -> mqttEcho(settings, rate, warmUp, measured, true));
        Measured<FixedRateLoad.Result> nagle = Measured.of(() -> mqttEcho(settings, rate, warmUp, measured, false));
        FixedRateLoad.Result b = echo.value();
        FixedRateLoad.Result n = nagle.value();
        String baselineWhat = "raw Paho publish → Mosquitto 2 (mTLS) → Paho echo → back, QoS 1, TCP_NODELAY, same rate";
        String title = "remote unlock REST (JWT) → cloud → MQTT → gateway → zero-latency simulated lock → DONE, ";
        Figure nagleRow = new Figure(1, "finding: the baseline round trip with Paho's and Mosquitto's socket defaults "
                + "(Nagle on), p50", n.percentileMillis(50), "ms", baselineWhat, b.percentileMillis(50), "", null,
                nagle.load(), "no target: shows what TCP_NODELAY is worth on this path; " + n.summary());
        String missing = settings.stackEnv() == null ? "needs a running stack with its gateways: "
                + "integration-tests/stack/up.sh --detach (with NEXEFII_CLOUD_JAVA_OPTS=-Xmx768m "
                + "NEXEFII_KEYCLOAK_JAVA_OPTS= NEXEFII_GATEWAY_JAVA_OPTS=-Xmx256m for full JIT), then bench/run.sh --stack-env <stack>/stack.env. "
                + "Baseline: " + b.summary() : null;
        if (missing != null) {
            return List.of(
                    new Figure(1, title + "p50, fixed rate " + (int) rate + "/s", Double.NaN, "ms", baselineWhat,
                            b.percentileMillis(50), "≤ 2 ms", null, echo.load(), "not run: " + missing),
                    new Figure(1, title + "p99", Double.NaN, "ms", baselineWhat, b.percentileMillis(99), "≤ 10 ms", null,
                            echo.load(), "see p50"),
                    nagleRow);
        }
        Measured<EndToEnd> run = Measured.of(() -> endToEnd(settings, new StackEnv(settings.stackEnv()), rate, warmUp,
                measured));
        EndToEnd e = run.value();
        String how = "completion = the cloud's SSE notification (GET /api/v1/notifications/stream, same staff user) "
                + "of the command's COMMAND_RESULT, which the cloud emits after the ingest transaction that moved the "
                + "command to DONE committed (LISTEN/NOTIFY → numbered → pushed: the push adds a few ms, no polling); "
                + "latency from the intended send of the POST to that event. " + e.note() + " End to end: "
                + e.result().summary() + ". Baseline: " + b.summary();
        boolean clean = e.result().lost() == 0;
        return List.of(
                new Figure(1, title + "p50, fixed rate " + (int) rate + "/s", e.result().percentileMillis(50), "ms",
                        baselineWhat, b.percentileMillis(50), "≤ 2 ms",
                        clean && e.result().percentileMillis(50) <= 2, run.load() + " (baseline " + echo.load() + ")",
                        how),
                new Figure(1, title + "p99", e.result().percentileMillis(99), "ms", baselineWhat,
                        b.percentileMillis(99), "≤ 10 ms", clean && e.result().percentileMillis(99) <= 10, run.load(),
                        "see p50"),
                new Figure(1, title + "p99.9", e.result().percentileMillis(99.9), "ms", baselineWhat,
                        b.percentileMillis(99.9), "", null, run.load(), "see p50"),
                nagleRow);
    }

    /** Zero-latency locks the scenario adds to the first gateway of the stack, in its File Install folder. */
    static final String BENCH_ADAPTER = "bench";
    static final int BENCH_LOCKS = 20;

    record EndToEnd(FixedRateLoad.Result result, String note) {
    }

    /**
     * Staff unlocks through the cloud's REST API at a fixed rate, completion seen on the cloud's SSE
     * stream. The gateway gets a simulated lock controller with zero latency through its configuration
     * folder (the stack's own controllers simulate 50-150 ms of lock latency).
     */
    static EndToEnd endToEnd(BenchSettings settings, StackEnv env, double rate, Duration warmUp, Duration measured)
            throws Exception {
        String cloud = env.get("NEXEFII_CLOUD_URL");
        String property = env.get("NEXEFII_GATEWAY_0_PROPERTY");
        String gateway = env.get("NEXEFII_GATEWAY_0_ID");
        Path config = Path.of(env.get("NEXEFII_STACK_DIR"), "gateways", gateway, "config");
        if (!Files.isDirectory(config)) {
            throw new IllegalStateException("no configuration folder " + config + ": the stack runs no gateway");
        }
        Path file = config.resolve("com.nexefii.lock.simulator-" + BENCH_ADAPTER + ".config");
        String settingsText = String.join("\n", "adapterId=\"" + BENCH_ADAPTER + "\"",
                "lockCount=I\"" + BENCH_LOCKS + "\"", "latencyMinMillis=I\"0\"", "latencyMaxMillis=I\"0\"",
                "doorOpenAfterUnlockProbability=D\"0.0\"", "telemetryIntervalSeconds=I\"3600\"", "");
        if (!Files.exists(file) || !Files.readString(file).equals(settingsText)) {
            Files.writeString(file, settingsText);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String token = AuthenticatedRestScenario.token(http, env);
        List<String> locks = benchLocks(http, cloud, property, gateway, token);

        FixedRateLoad load = new FixedRateLoad();
        // a notification can overtake the POST's answer: whichever of the two comes second completes
        Map<String, Long> idsByCommand = new HashMap<>();
        Map<String, Long> doneBeforeAnswer = new HashMap<>();
        AtomicLong failedOutcomes = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<String> doneCommands = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        NotificationReader stream = new NotificationReader(http, URI.create(cloud + "/api/v1/notifications/stream"),
                token, line -> {
            long now = System.nanoTime();
            if (line.startsWith("event:") && line.contains("ready")) {
                ready.countDown();
            }
            if (!line.startsWith("data:")) {
                return;
            }
            try {
                JsonNode data = JSON.readTree(line.substring(5).trim());
                String commandId = data.path("commandId").asText("");
                String kind = data.path("kind").asText("");
                if (commandId.isEmpty() || !(kind.equals("door-opened") || kind.equals("unlock-failed"))) {
                    return;
                }
                if (kind.equals("unlock-failed")) {
                    failedOutcomes.incrementAndGet();
                    return;
                }
                Long id;
                synchronized (idsByCommand) {
                    id = idsByCommand.remove(commandId);
                    if (id == null) {
                        doneBeforeAnswer.put(commandId, now);
                    }
                }
                if (id != null) {
                    load.completedAt(id, now);
                }
                doneCommands.add(commandId);
            } catch (Exception notJson) {
                // keep-alive comments and other events
            }
        });
        stream.start();
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the notification stream sent no ready event in 30 s");
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        FixedRateLoad.Result result = load.run(rate, warmUp, measured, Duration.ofSeconds(30), id -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(cloud + "/api/v1/properties/" + property
                    + "/locks/" + locks.get((int) (id % locks.size())) + "/unlock"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "bench-" + run + "-" + id)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                if (response.statusCode() != 202) {
                    refused.incrementAndGet();
                    return;
                }
                try {
                    String commandId = JSON.readTree(response.body()).path("commandId").asText();
                    Long early;
                    synchronized (idsByCommand) {
                        early = doneBeforeAnswer.remove(commandId);
                        if (early == null) {
                            idsByCommand.put(commandId, id);
                        }
                    }
                    if (early != null) {
                        load.completedAt(id, early);
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
            });
        });
        stream.close();
        // what the stream said is what the command resource says: a sample, read back
        List<String> sample;
        synchronized (doneCommands) {
            sample = doneCommands.subList(Math.max(0, doneCommands.size() - 10), doneCommands.size()).stream().toList();
        }
        int done = 0;
        for (String commandId : sample) {
            JsonNode command = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(cloud + "/api/v1/properties/"
                    + property + "/commands/" + commandId)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if ("DONE".equals(command.path("state").asText()) && "OK".equals(command.path("outcome").asText())) {
                done++;
            }
        }
        String note = String.format(Locale.ROOT, "User %s of %s, %d zero-latency locks %s-001.. on %s "
                + "(com.nexefii.lock.simulator-%s.config added to its File Install folder); POST answers other than 202: "
                + "%d; unlock-failed notifications: %d; read back %d of the last %d done commands: %d DONE/OK; "
                + "stream resumed with Last-Event-ID %d time(s) (the cloud ends a stream after its byte budget).",
                AuthenticatedRestScenario.user(env), property, locks.size(), BENCH_ADAPTER, gateway, BENCH_ADAPTER,
                refused.get(), failedOutcomes.get(), sample.size(), sample.size(), done, stream.resumes());
        return new EndToEnd(result, note);
    }

    /**
     * The cloud's SSE stream as a browser's EventSource reads it: when the cloud ends the connection
     * (its per-connection byte budget, or a reader that fell behind) it is opened again with
     * Last-Event-ID, and the cloud replays what was missed, so no completion is lost to a reconnect.
     */
    static final class NotificationReader implements AutoCloseable {
        private final HttpClient http;
        private final URI uri;
        private final String token;
        private final java.util.function.Consumer<String> handler;
        private final Thread thread;
        private volatile boolean closed;
        private volatile java.util.stream.Stream<String> current;
        private volatile String lastEventId;
        private volatile Exception failure;
        private final AtomicLong resumes = new AtomicLong();

        NotificationReader(HttpClient http, URI uri, String token, java.util.function.Consumer<String> handler) {
            this.http = http;
            this.uri = uri;
            this.token = token;
            this.handler = handler;
            this.thread = new Thread(this::run, "sse-reader");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        long resumes() {
            return resumes.get();
        }

        private void run() {
            while (!closed) {
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                            .header("Accept", "text/event-stream").GET();
                    if (lastEventId != null) {
                        request.header("Last-Event-ID", lastEventId);
                        resumes.incrementAndGet();
                    }
                    HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(),
                            HttpResponse.BodyHandlers.ofLines());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        throw new IllegalStateException("notification stream answered " + response.statusCode());
                    }
                    current = response.body();
                    if (closed) {
                        current.close();
                        return;
                    }
                    current.forEach(line -> {
                        if (line.startsWith("id:")) {
                            lastEventId = line.substring(3).trim();
                        }
                        handler.accept(line);
                    });
                } catch (java.io.UncheckedIOException | java.io.IOException e) {
                    // closed by the scenario after its last request, or cut by the cloud: resumed unless closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    failure = e;
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            java.util.stream.Stream<String> stream = current;
            if (stream != null) {
                stream.close();
            }
            if (failure != null) {
                throw new IllegalStateException("notification stream failed", failure);
            }
        }
    }

    /** Waits until the cloud's inventory holds the bench controller's locks (the gateway reports every few s). */
    private static List<String> benchLocks(HttpClient http, String cloud, String property, String gateway, String token)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<String> locks = new ArrayList<>();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cloud + "/api/v1/properties/"
                    + property + "/gateways/" + gateway + "/locks")).header("Authorization", "Bearer " + token).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            last = answer.statusCode() + " " + answer.body();
            locks.clear();
            if (answer.statusCode() == 200) {
                for (JsonNode lock : JSON.readTree(answer.body())) {
                    if (lock.path("lockId").asText().startsWith(BENCH_ADAPTER + "-")) {
                        locks.add(lock.path("lockId").asText());
                    }
                }
            }
            if (locks.size() >= BENCH_LOCKS) {
                java.util.Collections.sort(locks);
                return locks;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        throw new IllegalStateException("the cloud's inventory of " + gateway + " has " + locks.size() + " of "
                + BENCH_LOCKS + " bench locks after 180 s: " + (last.length() > 300 ? last.substring(0, 300) : last));
    }

    /** The baseline: one client publishes commands, another echoes each back; latency from the intended send. */
    static FixedRateLoad.Result mqttEcho(BenchSettings settings, double rate, Duration warmUp, Duration measured,
            boolean noDelay) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(settings.work(), 1000, noDelay, "bench-cloud",
                "bench-gateway")) {
            MqttAsyncClient cloud = new MqttAsyncClient(broker.url(), "bench-cloud-" + UUID.randomUUID(),
                    new MemoryPersistence());
            MqttAsyncClient gateway = new MqttAsyncClient(broker.url(), "bench-gateway-" + UUID.randomUUID(),
                    new MemoryPersistence());
            try {
                cloud.connect(broker.options("bench-cloud", 1000, noDelay)).waitForCompletion(10_000);
                gateway.connect(broker.options("bench-gateway", 1000, noDelay)).waitForCompletion(10_000);
                FixedRateLoad load = new FixedRateLoad();
                gateway.subscribe(COMMANDS, 1, (topic, message) -> gateway.publish(RESULTS, message.getPayload(), 1,
                        false)).waitForCompletion(10_000);
                cloud.subscribe(RESULTS, 1, (topic, message) -> load.completed(ByteBuffer.wrap(message.getPayload())
                        .getLong())).waitForCompletion(10_000);
                return load.run(rate, warmUp, measured, Duration.ofSeconds(10), id -> {
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    ByteBuffer.wrap(payload).putLong(id);
                    cloud.publish(COMMANDS, payload, 1, false);
                });
            } finally {
                disconnect(cloud);
                disconnect(gateway);
            }
        }
    }

    static void disconnect(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
            client.close(true);
        } catch (Exception e) {
            // the broker goes away next anyway
        }
    }
}
