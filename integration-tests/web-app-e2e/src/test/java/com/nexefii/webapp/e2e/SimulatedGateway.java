package com.nexefii.webapp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A gateway as the cloud sees it, on the real broker with that gateway's client certificate from
 * the stack's development CA: birth, inventory, lock events of the MQTT contract v1, and commands
 * executed at once (COMMAND_RESULT OK plus the lock's state change), like simulated locks would.
 */
public final class SimulatedGateway implements AutoCloseable {

    /** Sequence numbers only grow, across test runs too (the cloud checks them per gateway). */
    private static final AtomicLong SEQ = new AtomicLong(System.currentTimeMillis());

    public final String propertyId;
    public final String gatewayId;
    public final LinkedBlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
    private final MqttClient client;
    // commands are answered off Paho's callback thread: a blocking publish from it can stall the client
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();

    public SimulatedGateway(E2eStack stack, String propertyId, String gatewayId) {
        this.propertyId = propertyId;
        this.gatewayId = gatewayId;
        try {
            char[] password = stack.value("NEXEFII_PKCS12_PASSWORD").toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(stack.pki(gatewayId + ".p12"))) {
                keys.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(stack.value("NEXEFII_TLS_TRUSTSTORE")))) {
                trust.load(in, stack.value("NEXEFII_TLS_TRUSTSTORE_PASSWORD").toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLSv1.2");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

            client = new MqttClient(stack.value("NEXEFII_MQTT_URL"), gatewayId + "-e2e-" + UUID.randomUUID().toString()
                    .substring(0, 8), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(tls.getSocketFactory());
            options.setCleanSession(true);
            // bursts of synchronous QoS 1 publishes: Paho frees an in-flight slot on its callback thread
            // only after the publish returned, so its default of 10 refused a tight loop on a loaded machine
            options.setMaxInflight(1000);
            client.connect(options);
            client.subscribe(topic("cmd"), 1, (t, m) -> {
                JsonNode command = E2eStack.JSON.readTree(m.getPayload());
                worker.execute(() -> execute(command));
            });
        } catch (Exception e) {
            throw new IllegalStateException("gateway " + gatewayId + " cannot connect", e);
        }
    }

    /** Birth (retained, like the real connector) and the lock inventory. */
    public SimulatedGateway online(String... lockIds) {
        publish("status", Map.of("v", 1, "propertyId", propertyId, "gatewayId", gatewayId, "state", "ONLINE",
                "at", Instant.now().toString(), "policyVersion", 0), true);
        var locks = java.util.Arrays.stream(lockIds).map(id -> Map.<String, Object>of("lockId", id, "protocol", "simulator",
                "bolt", "LOCKED", "door", "CLOSED", "batteryPercent", 80, "online", true)).toList();
        publish("inventory", Map.of("v", 1, "propertyId", propertyId, "gatewayId", gatewayId,
                "at", Instant.now().toString(), "locks", locks), true);
        return this;
    }

    public void event(String type, String lockId, String priority, Map<String, Object> extra) {
        eventAt(Instant.now(), type, lockId, priority, extra);
    }

    /** An event that happened at {@code occurredAt} (e.g. readings a gateway kept while offline). */
    public void eventAt(Instant occurredAt, String type, String lockId, String priority, Map<String, Object> extra) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("v", 1);
        doc.put("eventId", UUID.randomUUID().toString());
        doc.put("propertyId", propertyId);
        doc.put("gatewayId", gatewayId);
        if (lockId != null) {
            doc.put("lockId", lockId);
        }
        doc.put("seq", SEQ.incrementAndGet());
        doc.put("type", type);
        doc.put("priority", priority);
        doc.put("occurredAt", occurredAt.toString());
        doc.putAll(extra);
        publish("evt", doc, false);
    }

    private void execute(JsonNode command) {
        String lockId = command.path("lockId").asText(null);
        String type = command.path("type").asText();
        commands.add(command);
        event("COMMAND_RESULT", lockId, "NORMAL", Map.of("commandId", command.path("commandId").asText(), "outcome", "OK",
                "attributes", Map.of("commandType", type)));
        switch (type) {
            case "UNLOCK" -> event("UNLOCKED", lockId, "NORMAL", Map.of("attributes", Map.of("method", "remote")));
            case "LOCK", "LOCKDOWN_ON" -> event("LOCKED", lockId, "NORMAL", Map.of("attributes", Map.of("method", "remote")));
            default -> {
            }
        }
    }

    private String topic(String channel) {
        return "nexefii/v1/" + propertyId + "/" + gatewayId + "/" + channel;
    }

    private void publish(String channel, Map<String, Object> doc, boolean retained) {
        try {
            MqttMessage m = new MqttMessage(E2eStack.JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            m.setRetained(retained);
            client.publish(topic(channel), m);
        } catch (Exception e) {
            throw new IllegalStateException("publish on " + channel, e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            client.disconnect();
            client.close();
        } catch (Exception e) {
            // the broker drops the session anyway
        }
    }

    static List<String> ids(String... ids) {
        return List.of(ids);
    }
}
