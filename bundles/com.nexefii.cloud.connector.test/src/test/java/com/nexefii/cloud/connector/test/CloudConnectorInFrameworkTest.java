package com.nexefii.cloud.connector.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.cloud.connector.testing.CloudSubscriber;
import com.nexefii.cloud.connector.testing.MosquittoBroker;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * The whole edge path on Felix: the real publisher, store, router, simulated locks and connector,
 * Paho and Jackson as bundles, a real Mosquitto with mTLS and the per-gateway ACL.
 */
class CloudConnectorInFrameworkTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String BASE = "nexefii/v1/hotel-f/gw-f1/";
    static final String COMPONENT = "com.nexefii.cloud.connector.mqtt.CloudConnectorComponent";

    static Path work;
    static MosquittoBroker broker;
    static CloudSubscriber cloud;
    static final List<Configuration> configurations = new java.util.ArrayList<>();

    @InjectBundleContext
    BundleContext context;

    @BeforeAll
    static void startBrokerAndGateway(@InjectService ConfigurationAdmin configAdmin) throws Exception {
        work = Files.createTempDirectory("connector-osgi");
        broker = new MosquittoBroker(work.resolve("broker"), List.<String[]>of(new String[] { "hotel-f", "gw-f1" }));
        broker.start();
        cloud = new CloudSubscriber(broker.url(), broker.tls(MosquittoBroker.CLOUD), "cloud-" + UUID.randomUUID(),
                BASE + "evt", BASE + "status", BASE + "inventory", BASE + "policy/ack");
        configure(configAdmin, "com.nexefii.lock.events", Map.of("propertyId", "hotel-f", "gatewayId", "gw-f1",
                "dataDirectory", work.resolve("publisher").toString()));
        configure(configAdmin, "com.nexefii.event.store", Map.of("dataDirectory", work.resolve("events").toString()));
        Configuration sim = configAdmin.getFactoryConfiguration("com.nexefii.lock.simulator", "cloud", "?");
        sim.update(dictionary(Map.of("adapterId", "sim-f", "lockCount", 2, "lockIdPrefix", "f-",
                "latencyMinMillis", 1, "latencyMaxMillis", 5, "doorOpenAfterUnlockProbability", 0.0)));
        configurations.add(sim);
        configure(configAdmin, "com.nexefii.cloud.connector", Map.of("brokerUrl", broker.url(),
                "keystorePath", broker.keystore("gw-f1").toString(), "keystorePassword", MosquittoBroker.PASSWORD,
                "truststorePath", broker.truststore().toString(), "truststorePassword", MosquittoBroker.PASSWORD,
                "reconnectMinDelayMillis", 100L, "reconnectMaxDelayMillis", 1000L,
                "dataDirectory", work.resolve("connector").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void configure(ConfigurationAdmin configAdmin, String pid, Map<String, Object> properties) throws Exception {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(dictionary(properties));
        configurations.add(c);
    }

    static Dictionary<String, Object> dictionary(Map<String, Object> properties) {
        return new Hashtable<>(properties);
    }

    @Test
    void givenTheConfiguredGateway_whenAnEventIsPublished_thenTheCloudReceivesItAsContractJson(
            @InjectService(timeout = 60_000) CloudConnectorStatus connector,
            @InjectService(timeout = 60_000) LockEventPublisher publisher) {
        await().atMost(WAIT).until(connector::connected);

        LockEvent event = publisher.publish("f-001", LockEventType.ACCESS_DENIED, Map.of("credentialId", "mk-1",
                "reason", "revoked"));

        JsonNode received = await().atMost(WAIT).until(() -> cloud.events().stream()
                .filter(e -> event.eventId().equals(e.get("eventId").asText())).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(received.get("seq").asLong()).isEqualTo(event.sequence());
        assertThat(received.get("priority").asText()).isEqualTo("SECURITY");
        assertThat(received.get("attributes").get("reason").asText()).isEqualTo("revoked");
    }

    @Test
    void givenTheConnectedGateway_thenItsBirthNamesTheBundlesAndItsInventoryTheSimulatedLocks(
            @InjectService(timeout = 60_000) CloudConnectorStatus connector) {
        await().atMost(WAIT).until(connector::connected);

        await().atMost(WAIT).until(() -> cloud.on("/status").stream()
                .anyMatch(s -> "ONLINE".equals(s.get("state").asText()) && s.has("bundles")
                        && s.get("bundles").has("com.nexefii.cloud.connector")));
        await().atMost(WAIT).until(() -> cloud.on("/inventory").stream()
                .anyMatch(i -> i.get("locks").size() >= 2 && "f-001".equals(i.get("locks").get(0).get("lockId").asText())));
    }

    @Test
    void givenACommandForASimulatedLock_whenTheCloudSendsIt_thenTheLockIsUnlockedAndExactlyOneResultArrives(
            @InjectService(timeout = 60_000) CloudConnectorStatus connector) throws Exception {
        await().atMost(WAIT).until(connector::connected);
        String id = UUID.randomUUID().toString();

        cloud.send(BASE + "cmd", "{\"v\":1,\"commandId\":\"" + id + "\",\"propertyId\":\"hotel-f\",\"gatewayId\":\"gw-f1\","
                + "\"lockId\":\"f-002\",\"type\":\"UNLOCK\",\"issuedAt\":\"" + Instant.now() + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(30) + "\"}");

        await().atMost(WAIT).until(() -> results(id).size() == 1);
        assertThat(results(id).get(0).get("outcome").asText()).isEqualTo("OK");
        cloud.send(BASE + "cmd", "{ broken");
        await().atMost(WAIT).until(() -> connector.counters().getOrDefault("commands.rejected.malformed", 0L) == 1L);
        assertThat(results(id)).hasSize(1);
        assertThat(connector.connected()).isTrue();
    }

    @Test
    void givenNoPolicyCacheService_whenAPolicyMessageArrives_thenItIsCountedUndeliverableAndTheLinkStaysUp(
            @InjectService(timeout = 60_000) CloudConnectorStatus connector) throws Exception {
        await().atMost(WAIT).until(connector::connected);

        cloud.send(BASE + "policy", "{\"v\":1,\"kind\":\"snapshot\",\"propertyId\":\"hotel-f\",\"version\":1,"
                + "\"issuedAt\":\"" + Instant.now() + "\"}");

        await().atMost(WAIT).until(() -> connector.counters().getOrDefault("policy.undeliverable", 0L) >= 1L);
        assertThat(connector.connected()).isTrue();
    }

    @Test
    void givenThePolicyCache_whenASnapshotAndAnUnfittingDeltaArrive_thenTheAppliedVersionAndASnapshotRequestAreAcknowledged(
            @InjectService ConfigurationAdmin configAdmin,
            @InjectService(timeout = 60_000) CloudConnectorStatus connector) throws Exception {
        await().atMost(WAIT).until(connector::connected);
        Configuration cache = configAdmin.getConfiguration("com.nexefii.policy.cache", "?");
        try {
            cache.update(dictionary(Map.of("dataDirectory", work.resolve("policy").toString())));
            await().atMost(WAIT).until(() -> context.getServiceReference("com.nexefii.policy.cache.PolicyCache") != null);

            // the service is registered a moment before SCR has bound it into the connector: a snapshot
            // arriving in between is counted undeliverable, so send it again until it is acknowledged
            // (a snapshot is idempotent)
            await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
                cloud.send(BASE + "policy", "{\"v\":1,\"kind\":\"snapshot\",\"propertyId\":\"hotel-f\",\"version\":7,"
                        + "\"issuedAt\":\"" + Instant.now() + "\",\"grants\":[],\"revocations\":[]}");
                return cloud.on("/policy/ack").stream()
                        .anyMatch(a -> a.get("appliedVersion").asLong() == 7 && !a.has("needSnapshot"));
            });

            cloud.send(BASE + "policy", "{\"v\":1,\"kind\":\"delta\",\"propertyId\":\"hotel-f\",\"version\":12,"
                    + "\"fromVersion\":11,\"issuedAt\":\"" + Instant.now() + "\",\"revocations\":[]}");
            await().atMost(WAIT).until(() -> cloud.on("/policy/ack").stream()
                    .anyMatch(a -> a.get("appliedVersion").asLong() == 7 && a.path("needSnapshot").asBoolean()));
            assertThat(connector.counters()).containsKey("policy.applied").containsKey("policy.need_snapshot");
        } finally {
            cache.delete();
        }
    }

    @Test
    void givenAnotherLockJoins_whenTheInventoryIsCheckedAgain_thenANewRetainedInventoryListsIt(
            @InjectService ConfigurationAdmin configAdmin,
            @InjectService(timeout = 60_000) CloudConnectorStatus connector) throws Exception {
        await().atMost(WAIT).until(connector::connected);
        Configuration sim = configAdmin.getFactoryConfiguration("com.nexefii.lock.simulator", "cloud", "?");

        sim.update(dictionary(Map.of("adapterId", "sim-f", "lockCount", 3, "lockIdPrefix", "f-",
                "latencyMinMillis", 1, "latencyMaxMillis", 5, "doorOpenAfterUnlockProbability", 0.0)));

        await().atMost(WAIT).until(() -> cloud.on("/inventory").stream().anyMatch(i -> i.get("locks").size() == 3));
    }

    @Test
    void givenAPlainTcpBrokerUrl_whenConfigured_thenActivationFailsNamingBrokerUrl(
            @InjectService ConfigurationAdmin configAdmin, @InjectService ServiceComponentRuntime scr,
            @InjectService(timeout = 60_000) ServiceAware<CloudConnectorStatus> connector) throws Exception {
        Configuration c = configAdmin.getConfiguration("com.nexefii.cloud.connector", "?");
        Dictionary<String, Object> good = c.getProperties();
        Dictionary<String, Object> bad = new Hashtable<>();
        for (var keys = good.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            bad.put(k, good.get(k));
        }
        bad.put("brokerUrl", "tcp://127.0.0.1:" + broker.port());
        try {
            c.update(bad);
            ComponentConfigurationDTO failed = await().atMost(WAIT).until(() -> connectorConfiguration(scr),
                    dto -> dto != null && dto.state == ComponentConfigurationDTO.FAILED_ACTIVATION);
            assertThat(failed.failure).contains("brokerUrl");
        } finally {
            good.remove("service.pid");
            c.update(good);
        }
        await().atMost(WAIT).until(() -> connector.getService() != null && connector.getService().connected());
    }

    private ComponentConfigurationDTO connectorConfiguration(ServiceComponentRuntime scr) {
        Bundle bundle = List.of(context.getBundles()).stream()
                .filter(b -> "com.nexefii.cloud.connector".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, COMPONENT);
        return description == null ? null
                : scr.getComponentConfigurationDTOs(description).stream().findFirst().orElse(null);
    }

    private static List<JsonNode> results(String commandId) {
        return cloud.events().stream().filter(e -> "COMMAND_RESULT".equals(e.get("type").asText())
                && e.has("commandId") && commandId.equals(e.get("commandId").asText())).toList();
    }
}
