package com.nexefii.edge.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.cloud.connector.testing.CloudSubscriber;
import com.nexefii.cloud.connector.testing.MosquittoBroker;

/**
 * kill -9 of a separate gateway JVM while it floods events, many times, then a clean run: every
 * event whose publish returned (an {@code ACK} line read from the gateway's output) reaches a real
 * Mosquitto and an idempotent consumer; the consumer's distinct events arrive in strictly rising
 * sequence order, without a gap across the restarts; no sequence number is given to two events. The
 * kill points are random; the seed
 * is printed so a failing run can be repeated ({@code -Dcrash.seed=...}).
 */
class KillNineIT {

    static final int KILLS = Integer.getInteger("crash.kills", 12);
    static final String BASE = "nexefii/v1/hotel-a/gw-a1/";

    /** Under target/, kept after the run: the gateway logs of every run are there to read. */
    static Path work;
    static MosquittoBroker broker;
    static CloudSubscriber cloud;

    @BeforeAll
    static void startBrokerAndCloud() throws Exception {
        work = Path.of(System.getProperty("crash.work", "target/crash-work")).toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        broker = new MosquittoBroker(work.resolve("broker"), List.<String[]>of(new String[] { "hotel-a", "gw-a1" }));
        broker.start();
        cloud = new CloudSubscriber(broker.url(),
                broker.tls(MosquittoBroker.CLOUD),
                "crash-cloud-" + UUID.randomUUID(), BASE + "evt", BASE + "status");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void givenAGatewayKilledAtRandomPointsWhileFlooding_whenRestarted_thenNothingAcknowledgedIsLostReorderedOrDuplicated()
            throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("crash.seed=" + seed);
        Random random = new Random(seed);
        Path data = work.resolve("gateway-data");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        int truncatedTails = 0;

        for (int run = 0; run < KILLS; run++) {
            Gateway gateway = Gateway.start(data, 4, work.resolve("run-" + run + ".log"));
            // at least one acknowledged event in this run, then a random moment to die
            await().atMost(Duration.ofSeconds(90)).until(() -> gateway.acks() > 0 || !gateway.process.isAlive());
            assertThat(gateway.process.isAlive()).as("gateway run %d is up; see %s", run, gateway.log).isTrue();
            Thread.sleep(200 + random.nextInt(2500));
            gateway.kill();
            acknowledged.putAll(gateway.acknowledged);
            truncatedTails += gateway.logContains("event-store-tail-truncated") ? 1 : 0;
            System.out.printf("run %d: killed after %d acknowledged events (%d so far)%n", run, gateway.acks(),
                    acknowledged.size());
        }

        Gateway last = Gateway.start(data, 0, work.resolve("final.log"));
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> cloud.events().stream().map(e -> e.get("eventId").asText()).toList()
                            .containsAll(acknowledged.keySet()));
        } finally {
            last.stop();
        }

        List<JsonNode> distinct = cloud.events();
        Set<String> delivered = new HashSet<>();
        distinct.forEach(e -> delivered.add(e.get("eventId").asText()));
        assertThat(delivered).as("every acknowledged event reached the cloud").containsAll(acknowledged.keySet());
        List<Long> seqs = distinct.stream().map(e -> e.get("seq").asLong()).toList();
        assertThat(seqs).as("first arrivals in strictly rising sequence order").isSorted().doesNotHaveDuplicates();
        // numbers continue from the store's last one at every restart: kill -9 leaves no gap
        assertThat(seqs).as("sequence numbers without a gap across %d restarts", KILLS)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(seqs.get(0), seqs.get(seqs.size() - 1))
                        .boxed().toList());
        Map<String, Long> bySeqCheck = new LinkedHashMap<>();
        distinct.forEach(e -> bySeqCheck.put(e.get("eventId").asText(), e.get("seq").asLong()));
        acknowledged.forEach((id, seq) -> assertThat(bySeqCheck.get(id)).as("seq of " + id).isEqualTo(seq));
        assertThat(cloud.on("/status")).as("the broker published the last will after kills")
                .anyMatch(s -> "OFFLINE".equals(s.get("state").asText()));
        System.out.printf("acknowledged %d, distinct delivered %d, duplicates absorbed %d, runs with a truncated tail %d%n",
                acknowledged.size(), distinct.size(), cloud.duplicates(), truncatedTails);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One gateway JVM: java -jar crash-gateway.jar, its output read line by line. */
    static final class Gateway {
        final Process process;
        final Path log;
        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        final AtomicInteger ackCount = new AtomicInteger();
        final Thread reader;

        private Gateway(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.reader = new Thread(this::read, "gateway-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Gateway start(Path data, int floodThreads, Path log) throws IOException {
            String jar = System.getProperty("crash.gateway.jar", "target/crash-gateway.jar");
            Path storage = Files.createTempDirectory(log.getParent(), "fw");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dlaunch.storage.dir=" + storage,
                    "-Dorg.osgi.framework.storage=" + storage,
                    "-Dcrash.data=" + data,
                    "-Dcrash.brokerUrl=" + broker.url(),
                    "-Dcrash.keystore=" + broker.keystore("gw-a1"),
                    "-Dcrash.truststore=" + broker.truststore(),
                    "-Dcrash.password=" + MosquittoBroker.PASSWORD,
                    "-Dcrash.flood.threads=" + floodThreads,
                    "-jar", jar));
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new Gateway(p, log);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        String[] parts = line.split(" ");
                        if (parts.length == 3) {
                            acknowledged.put(parts[2], Long.parseLong(parts[1]));
                            ackCount.incrementAndGet();
                        }
                    }
                }
            } catch (IOException e) {
                // the process died: what was read stays
            }
        }

        int acks() {
            return ackCount.get();
        }

        /** SIGKILL: no shutdown hook, no flush, no orderly MQTT disconnect. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join(10_000);
        }

        boolean logContains(String text) throws IOException {
            return Files.readString(log).contains(text);
        }
    }
}
