package com.nexefii.cloud.connector.mqtt;

import com.nexefii.cloud.connector.testing.CloudSubscriber;
import com.nexefii.cloud.connector.testing.MosquittoBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.event.store.log.SegmentedEventLog;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.LockState;
import com.nexefii.mqtt.contract.Topics;

/**
 * The connector against a real Mosquitto (mTLS, per-gateway ACL) with the real event store on disk.
 * The locks side is a minimal stand-in (one lock that answers OK); the in-framework and crash tests
 * run the real simulator.
 */
class CloudLinkWithMosquittoIT {

    static final String BASE = "nexefii/v1/hotel-a/gw-a1/";

    @TempDir
    static Path brokerDir;
    static MosquittoBroker broker;

    @TempDir
    Path dataDir;

    SegmentedEventLog store;
    StampingPublisher publisher;
    CloudLink link;
    CloudSubscriber cloud;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new MosquittoBroker(brokerDir, List.<String[]>of(new String[] { "hotel-a", "gw-a1" }));
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @BeforeEach
    void startGateway() throws Exception {
        broker.start();
        store = new SegmentedEventLog(EventStoreOptions.defaults(dataDir.resolve("events")), (a, d) -> { },
                Clock.systemUTC());
        publisher = new StampingPublisher(store);
        cloud = new CloudSubscriber(broker.url(), broker.tls(MosquittoBroker.CLOUD), "cloud-" + UUID.randomUUID(), BASE + "evt",
                BASE + "status", BASE + "inventory", BASE + "policy/ack");
        CloudConnectorOptions options = options("gw-a1", dataDir);
        link = new CloudLink(options, "hotel-a", "gw-a1", store, new OneLockRouter(publisher), publisher, () -> null,
                () -> Map.of("com.nexefii.cloud.connector", "0.1.0.TEST"), MutualTls.socketFactory(options),
                new ExecutedCommands(dataDir.resolve("replay"), Duration.ofMinutes(10), Clock.systemUTC()),
                Clock.systemUTC());
        link.start();
        await().atMost(MosquittoBroker.PATIENCE).until(link::connected);
    }

    @AfterEach
    void stopGateway() throws Exception {
        link.stop();
        cloud.close();
        store.close();
    }

    static CloudConnectorOptions options(String identity, Path data) {
        return new CloudConnectorOptions(java.net.URI.create(broker.url()), "", broker.keystore(identity),
                MosquittoBroker.PASSWORD, broker.truststore(), MosquittoBroker.PASSWORD, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(1000), 64, Duration.ofHours(1), 1000,
                Duration.ofSeconds(1), 1 << 20, data.resolve("connector"));
    }


    @Test
    void givenTheBrokerStoppedForAWhile_whenItComesBack_thenEveryEventIsForwardedInOrderAndTheStoreDrains()
            throws Exception {
        for (int i = 0; i < 200; i++) {
            publisher.publish("sim-a-101", LockEventType.UNLOCKED, Map.of("n", Integer.toString(i)));
        }
        await().atMost(MosquittoBroker.PATIENCE).until(() -> cloud.events().size() == 200);

        broker.stop();
        await().atMost(MosquittoBroker.PATIENCE).until(() -> !link.connected());
        for (int i = 200; i < 700; i++) {
            publisher.publish("sim-a-101", LockEventType.UNLOCKED, Map.of("n", Integer.toString(i)));
        }
        assertThat(store.depth()).isGreaterThanOrEqualTo(500);

        broker.start();
        await().atMost(MosquittoBroker.PATIENCE).until(link::connected);
        await().atMost(MosquittoBroker.PATIENCE).until(() -> cloud.events().size() == 700);
        await().atMost(MosquittoBroker.PATIENCE).until(() -> store.depth() == 0);

        List<Long> seqs = cloud.events().stream().map(e -> e.get("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(700);
        assertThat(seqs).containsExactlyElementsOf(publisher.sequences());
        assertThat(link.counters().get(CloudConnectorStatus.CONNECTION_LOSSES)).isGreaterThanOrEqualTo(1);
        assertThat(cloud.events()).allSatisfy(e -> assertThat(ContractSchemas.validate("event", e)).isEmpty());
    }

    @Test
    void givenTheCloudHasNotAcknowledged_whenTheBrokerPubackedEveryEvent_thenTheyStayInTheStoreUntilTheCloudsEvtAck() {
        cloud.acknowledging(false);
        for (int i = 0; i < 50; i++) {
            publisher.publish("sim-a-101", LockEventType.UNLOCKED, Map.of("n", Integer.toString(i)));
        }
        await().atMost(MosquittoBroker.PATIENCE).until(() -> cloud.events().size() == 50
                && link.counters().getOrDefault(CloudConnectorStatus.EVENTS_ACKNOWLEDGED, 0L) >= 50);
        // the broker has them all (PUBACK): that alone removes nothing
        assertThat(store.depth()).isEqualTo(50);

        cloud.acknowledging(true);

        await().atMost(MosquittoBroker.PATIENCE).until(() -> store.depth() == 0);
        assertThat(link.counters().get(CloudLink.EVENTS_CLOUD_ACKNOWLEDGED)).isEqualTo(50L);
        assertThat(cloud.duplicates()).isZero();
    }

    @Test
    void givenACloudNotAcknowledgingYet_whenMoreEventsWaitThanTheInFlightWindow_thenTheBrokerGetsTheCloudAckWindowAndNoMore()
            throws Exception {
        // PUBACKs pace the publishing (64 in flight), the cloud's evt/ack bounds what is out (160)
        restartLink(options("gw-a1", dataDir).withCloudAckWindow(160));
        cloud.acknowledging(false);
        for (int i = 0; i < 400; i++) {
            publisher.publish("sim-a-101", LockEventType.UNLOCKED, Map.of("n", Integer.toString(i)));
        }
        await().atMost(MosquittoBroker.PATIENCE).until(() -> cloud.events().size() == 160
                && link.counters().getOrDefault(CloudConnectorStatus.EVENTS_ACKNOWLEDGED, 0L) >= 160);
        await().during(Duration.ofMillis(500)).atMost(MosquittoBroker.PATIENCE)
                .until(() -> cloud.events().size() == 160);
        assertThat(store.depth()).isEqualTo(400);

        cloud.acknowledging(true);

        await().atMost(MosquittoBroker.PATIENCE).until(() -> store.depth() == 0);
        assertThat(cloud.events()).extracting(e -> e.get("seq").asLong()).containsExactlyElementsOf(publisher.sequences());
        assertThat(cloud.duplicates()).isZero();
        assertThat(link.counters().get(CloudLink.EVENTS_CLOUD_ACKNOWLEDGED)).isEqualTo(400L);
    }

    @Test
    void givenAnEvtAckThatNeverCame_whenTheTimeoutPasses_thenTheUnacknowledgedEventsAreSentAgainInOrderAndLeaveTheStore()
            throws Exception {
        restartLink(options("gw-a1", dataDir).withEventAcknowledgement(EventAcknowledgement.CLOUD, Duration.ofSeconds(2)));
        // as if the cloud's database had not kept event 3: no acknowledgement for it the first time
        cloud.holdBackOnce(3);
        for (int i = 0; i < 20; i++) {
            publisher.publish("sim-a-101", LockEventType.UNLOCKED, Map.of("n", Integer.toString(i)));
        }
        await().atMost(MosquittoBroker.PATIENCE).until(() -> cloud.events().size() == 20);
        assertThat(store.depth()).as("held at event 3: 3..20 wait").isEqualTo(18);

        await().atMost(MosquittoBroker.PATIENCE).until(() -> store.depth() == 0);

        assertThat(link.counters().get(CloudLink.EVENTS_RESENT_AFTER_TIMEOUT)).isGreaterThanOrEqualTo(1L);
        List<Long> arrivals = cloud.arrivals().stream().map(e -> e.get("seq").asLong()).toList();
        int resent = arrivals.lastIndexOf(3L);
        assertThat(arrivals.indexOf(3L)).as("event 3 arrived twice").isLessThan(resent);
        // sent again from event 3 on, in order
        assertThat(arrivals.subList(resent, arrivals.size())).isSorted();
        assertThat(cloud.events()).extracting(e -> e.get("seq").asLong()).containsExactlyElementsOf(publisher.sequences());
    }

    @Test
    void givenBrokerAcknowledgementForACloudWithoutEvtAck_whenForwarded_thenThePubackRemovesTheEvents() throws Exception {
        restartLink(options("gw-a1", dataDir).withEventAcknowledgement(EventAcknowledgement.BROKER, Duration.ofSeconds(30)));
        cloud.acknowledging(false);
        for (int i = 0; i < 30; i++) {
            publisher.publish("sim-a-101", LockEventType.UNLOCKED, Map.of("n", Integer.toString(i)));
        }
        await().atMost(MosquittoBroker.PATIENCE).until(() -> store.depth() == 0);
        assertThat(cloud.events()).hasSize(30);
    }

    private void restartLink(CloudConnectorOptions options) throws Exception {
        link.stop();
        link = new CloudLink(options, "hotel-a", "gw-a1", store, new OneLockRouter(publisher), publisher, () -> null,
                () -> Map.of("com.nexefii.cloud.connector", "0.1.0.TEST"), MutualTls.socketFactory(options),
                new ExecutedCommands(dataDir.resolve("replay2"), Duration.ofMinutes(10), Clock.systemUTC()),
                Clock.systemUTC());
        link.start();
        await().atMost(MosquittoBroker.PATIENCE).until(link::connected);
    }

    @Test
    void givenBadCommands_whenTheCloudSendsThem_thenEachIsRejectedWithOneResultEventAndCountedWhileTheLinkStaysUp()
            throws Exception {
        Instant now = Instant.now();
        String good = command(UUID.randomUUID().toString(), "hotel-a", "gw-a1", "sim-a-101", now.plusSeconds(30));
        String replayedId = UUID.randomUUID().toString();
        String replayed = command(replayedId, "hotel-a", "gw-a1", "sim-a-101", now.plusSeconds(30));
        String expiredId = UUID.randomUUID().toString();
        String wrongGatewayId = UUID.randomUUID().toString();
        String unknownLockId = UUID.randomUUID().toString();
        String schemaId = UUID.randomUUID().toString();

        cloud.send(BASE + "cmd", good);
        cloud.send(BASE + "cmd", replayed);
        cloud.send(BASE + "cmd", replayed);
        cloud.send(BASE + "cmd", command(expiredId, "hotel-a", "gw-a1", "sim-a-101", now.minusSeconds(1)));
        cloud.send(BASE + "cmd", command(wrongGatewayId, "hotel-a", "gw-a2", "sim-a-101", now.plusSeconds(30)));
        cloud.send(BASE + "cmd", command(unknownLockId, "hotel-a", "gw-a1", "sim-z-999", now.plusSeconds(30)));
        cloud.send(BASE + "cmd", command(schemaId, "hotel-a", "gw-a1", "sim-a-101", now.plusSeconds(30))
                .replace("\"v\":1,", "\"v\":1,\"evil\":true,"));
        cloud.send(BASE + "cmd", "{ this is not json");
        cloud.send(BASE + "cmd", new byte[Topics.MAX_PAYLOAD_BYTES + 10]);

        await().atMost(MosquittoBroker.PATIENCE).until(() -> results().size() == 7 && alarms().size() == 2);

        assertThat(outcomeOf(replayedId)).containsExactlyInAnyOrder("OK", "DUPLICATE");
        assertThat(outcomeOf(expiredId)).containsExactly("EXPIRED");
        assertThat(outcomeOf(wrongGatewayId)).containsExactly("INVALID");
        assertThat(outcomeOf(unknownLockId)).containsExactly("UNKNOWN_LOCK");
        assertThat(outcomeOf(schemaId)).containsExactly("INVALID");
        assertThat(alarms()).extracting(a -> a.get("attributes").get("reason").asText())
                .containsExactlyInAnyOrder("malformed", "oversized");
        Map<String, Long> counters = link.counters();
        assertThat(counters).containsEntry("commands.rejected.duplicate", 1L)
                .containsEntry("commands.rejected.expired", 1L).containsEntry("commands.rejected.wrong-gateway", 1L)
                .containsEntry("commands.rejected.unknown-lock", 1L).containsEntry("commands.rejected.schema", 1L)
                .containsEntry("commands.rejected.malformed", 1L).containsEntry("commands.rejected.oversized", 1L)
                .containsEntry(CloudConnectorStatus.COMMANDS_EXECUTED, 2L);
        assertThat(link.connected()).isTrue();
        assertThat(counters.getOrDefault(CloudConnectorStatus.CONNECTION_LOSSES, 0L)).isZero();
    }

    @Test
    void givenAnExecutedCommand_whenTheGatewayRestartsAndTheCommandIsReplayed_thenItIsStillADuplicate()
            throws Exception {
        String id = UUID.randomUUID().toString();
        String payload = command(id, "hotel-a", "gw-a1", "sim-a-101", Instant.now().plusSeconds(60));
        cloud.send(BASE + "cmd", payload);
        await().atMost(MosquittoBroker.PATIENCE).until(() -> outcomeOf(id).size() == 1);
        link.stop();

        CloudConnectorOptions options = options("gw-a1", dataDir);
        link = new CloudLink(options, "hotel-a", "gw-a1", store, new OneLockRouter(publisher), publisher, () -> null,
                Map::of, MutualTls.socketFactory(options),
                new ExecutedCommands(dataDir.resolve("replay"), Duration.ofMinutes(10), Clock.systemUTC()),
                Clock.systemUTC());
        link.start();
        await().atMost(MosquittoBroker.PATIENCE).until(link::connected);
        cloud.send(BASE + "cmd", payload);

        await().atMost(MosquittoBroker.PATIENCE).until(() -> outcomeOf(id).size() == 2);
        assertThat(outcomeOf(id)).containsExactly("OK", "DUPLICATE");
    }

    @Test
    void givenAConnectedGateway_thenBirthAndInventoryAreRetainedAndAnOrderlyStopLeavesOffline() throws Exception {
        // a retained OFFLINE of an earlier test may come first: the birth is the newest status
        await().atMost(MosquittoBroker.PATIENCE).until(() -> !cloud.on("/inventory").isEmpty()
                && !cloud.on("/status").isEmpty() && "ONLINE".equals(last(cloud.on("/status")).get("state").asText()));
        JsonNode birth = last(cloud.on("/status"));
        assertThat(birth.get("state").asText()).isEqualTo("ONLINE");
        assertThat(birth.get("bundles").get("com.nexefii.cloud.connector").asText()).isEqualTo("0.1.0.TEST");
        assertThat(birth.has("storeDepth")).isTrue();
        assertThat(ContractSchemas.validate("status", birth)).isEmpty();
        JsonNode inventory = cloud.on("/inventory").get(0);
        assertThat(inventory.get("locks").get(0).get("lockId").asText()).isEqualTo("sim-a-101");

        link.stop();

        try (CloudSubscriber late = new CloudSubscriber(broker.url(), broker.tls(MosquittoBroker.CLOUD),
                "late-" + UUID.randomUUID(), BASE + "status", BASE + "inventory")) {
            await().atMost(MosquittoBroker.PATIENCE).until(() -> !late.on("/status").isEmpty());
            assertThat(late.on("/status").get(0).get("state").asText()).isEqualTo("OFFLINE");
            assertThat(late.on("/inventory")).isNotEmpty();
        }
        link = new CloudLink(options("gw-a1", dataDir), "hotel-a", "gw-a1", store, new OneLockRouter(publisher),
                publisher, () -> null, Map::of, MutualTls.socketFactory(options("gw-a1", dataDir)),
                new ExecutedCommands(dataDir.resolve("replay2"), Duration.ofMinutes(10), Clock.systemUTC()),
                Clock.systemUTC());
        link.start();
    }

    @Test
    void givenACertificateOfAnotherGateway_whenItTriesOurTopics_thenTheBrokerRefusesAndNothingArrives()
            throws Exception {
        // gw-a1's subscription is the only one allowed on its cmd topic: a cloud-signed but foreign
        // identity (the cloud's own) can read it, a gateway's cannot read another's. Here: the
        // gateway cannot write to another gateway's evt topic.
        CloudConnectorOptions options = options("gw-a1", dataDir);
        try (CloudSubscriber spy = new CloudSubscriber(broker.url(), broker.tls(MosquittoBroker.CLOUD),
                "spy-" + UUID.randomUUID(), "nexefii/v1/hotel-a/gw-a2/evt")) {
            org.eclipse.paho.client.mqttv3.MqttClient rogue = new org.eclipse.paho.client.mqttv3.MqttClient(
                    broker.url(), "rogue-" + UUID.randomUUID(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            o.setSocketFactory(MutualTls.socketFactory(options));
            rogue.setTimeToWait(5000);
            rogue.connect(o);
            try {
                rogue.publish("nexefii/v1/hotel-a/gw-a2/evt", "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), 0,
                        false);
                rogue.disconnect();
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                // the broker may also answer a forbidden publish by closing the connection
            }
            rogue.close();
            // a marker the spy does receive proves its subscription works; the forged message never came
            cloud.send("nexefii/v1/hotel-a/gw-a2/evt", "{\"marker\":true}");
            await().atMost(MosquittoBroker.PATIENCE).until(() -> !spy.on("/evt").isEmpty() || !spy.arrivals().isEmpty());
            assertThat(spy.on("/evt")).noneMatch(n -> n.has("forged"));
        }
    }

    private static JsonNode last(List<JsonNode> nodes) {
        return nodes.get(nodes.size() - 1);
    }

    private List<JsonNode> results() {
        return cloud.events().stream().filter(e -> "COMMAND_RESULT".equals(e.get("type").asText())).toList();
    }

    private List<JsonNode> alarms() {
        return cloud.events().stream().filter(e -> "GATEWAY_ALARM".equals(e.get("type").asText())).toList();
    }

    private List<String> outcomeOf(String commandId) {
        return results().stream().filter(e -> commandId.equals(e.get("commandId").asText()))
                .map(e -> e.get("outcome").asText()).toList();
    }

    static String command(String id, String property, String gateway, String lock, Instant expiresAt) {
        return "{\"v\":1,\"commandId\":\"" + id + "\",\"propertyId\":\"" + property + "\",\"gatewayId\":\"" + gateway
                + "\",\"lockId\":\"" + lock + "\",\"type\":\"UNLOCK\",\"issuedAt\":\"" + Instant.now()
                + "\",\"expiresAt\":\"" + expiresAt + "\",\"issuedBy\":\"staff-a\"}";
    }

    /** Stamps events like the real publisher and appends them to the store before returning. */
    static final class StampingPublisher implements LockEventPublisher {
        private final SegmentedEventLog store;
        private final java.util.List<Long> sequences = new java.util.ArrayList<>();
        private long sequence;

        StampingPublisher(SegmentedEventLog store) {
            this.store = store;
        }

        @Override
        public synchronized LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
            LockEvent e = new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", lockId, ++sequence,
                    Instant.now(), type, attributes);
            store.append(e);
            sequences.add(e.sequence());
            return e;
        }

        synchronized List<Long> sequences() {
            return List.copyOf(sequences);
        }

        @Override
        public String propertyId() {
            return "hotel-a";
        }

        @Override
        public String gatewayId() {
            return "gw-a1";
        }
    }

    /** One lock, sim-a-101, that does what it is told and reports it like an adapter. */
    static final class OneLockRouter implements LockRouter {
        private final LockEventPublisher publisher;

        OneLockRouter(LockEventPublisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public CompletionStage<LockResult> execute(LockCommand command) {
            LockResult result = LockResult.ok(command, LockState.unknown(command.lockId()));
            publisher.publishResult(command, result);
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public Collection<LockInfo> locks() {
            return List.of(new LockInfo("sim-a-101", "simulator", "sim-1", "Simulated lock", "a"));
        }
    }
}
