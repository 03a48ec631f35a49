package com.nexefii.cloud.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plays a gateway on the real broker with that gateway's client certificate from the stack's PKI:
 * birth and inventory, events, and the commands and policies the cloud sends it.
 */
public final class GatewayClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQ = new AtomicLong(System.currentTimeMillis());

    public final String propertyId;
    public final String gatewayId;
    private final MqttClient client;
    public final LinkedBlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<JsonNode> policies = new LinkedBlockingQueue<>();
    /** The cloud's ingest acknowledgements for this gateway (contract evt/ack). */
    public final LinkedBlockingQueue<JsonNode> eventAcks = new LinkedBlockingQueue<>();
    static final int BURST_WINDOW = 1000;

    GatewayClient(CloudStack stack, String propertyId, String gatewayId) {
        this.propertyId = propertyId;
        this.gatewayId = gatewayId;
        try {
            String password = stack.value("NEXEFII_PKCS12_PASSWORD");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(stack.pki(gatewayId + ".p12"))) {
                keys.load(in, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(java.nio.file.Path.of(stack.value("NEXEFII_TLS_TRUSTSTORE")))) {
                trust.load(in, stack.value("NEXEFII_TLS_TRUSTSTORE_PASSWORD").toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLSv1.2");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

            client = new MqttClient(stack.value("NEXEFII_MQTT_URL"), gatewayId + "-it-" + UUID.randomUUID().toString()
                    .substring(0, 8), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(tls.getSocketFactory());
            options.setCleanSession(true);
            // room for a burst (publishAsync): a replaying gateway keeps its whole window in flight
            options.setMaxInflight(BURST_WINDOW);
            client.connect(options);
            String base = "nexefii/v1/" + propertyId + "/" + gatewayId + "/";
            client.subscribe(base + "cmd", 1, (t, m) -> commands.add(JSON.readTree(m.getPayload())));
            client.subscribe(base + "policy", 1, (t, m) -> policies.add(JSON.readTree(m.getPayload())));
            client.subscribe(base + "evt/ack", 1, (t, m) -> eventAcks.add(JSON.readTree(m.getPayload())));
        } catch (Exception e) {
            throw new IllegalStateException("gateway " + gatewayId + " cannot connect", e);
        }
    }

    public void publish(String channel, String payload, boolean retained) {
        try {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            m.setRetained(retained);
            client.publish("nexefii/v1/" + propertyId + "/" + gatewayId + "/" + channel, m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes events QoS 1 without waiting for each PUBACK, up to {@link #BURST_WINDOW} in flight (as a
     * gateway replaying its store does), and returns once the broker acknowledged them all.
     */
    public void burst(java.util.List<Map<String, Object>> events) {
        var topic = client.getTopic("nexefii/v1/" + propertyId + "/" + gatewayId + "/evt");
        java.util.ArrayDeque<org.eclipse.paho.client.mqttv3.MqttDeliveryToken> inFlight = new java.util.ArrayDeque<>();
        try {
            for (Map<String, Object> event : events) {
                MqttMessage m = new MqttMessage(JSON.writeValueAsBytes(event));
                m.setQos(1);
                while (true) {
                    try {
                        inFlight.add(topic.publish(m));
                        break;
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        if (e.getReasonCode() != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT
                                || inFlight.isEmpty()) {
                            throw e;
                        }
                        inFlight.poll().waitForCompletion(30_000);
                    }
                }
            }
            for (var token : inFlight) {
                token.waitForCompletion(30_000);
            }
        } catch (Exception e) {
            throw new IllegalStateException("burst of " + events.size() + " events failed", e);
        }
    }

    public void publishJson(String channel, Map<String, Object> doc, boolean retained) {
        try {
            publish(channel, JSON.writeValueAsString(doc), retained);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void birth(boolean online) {
        publishJson("status", Map.of("v", 1, "propertyId", propertyId, "gatewayId", gatewayId,
                "state", online ? "ONLINE" : "OFFLINE", "at", Instant.now().toString(), "policyVersion", 0), true);
    }

    public void inventory(String... lockIds) {
        var locks = java.util.Arrays.stream(lockIds).map(id -> Map.<String, Object>of("lockId", id, "protocol", "simulator",
                "bolt", "LOCKED", "door", "CLOSED", "batteryPercent", 80, "online", true)).toList();
        publishJson("inventory", Map.of("v", 1, "propertyId", propertyId, "gatewayId", gatewayId,
                "at", Instant.now().toString(), "locks", locks), false);
    }

    public static long nextSeq() {
        return SEQ.incrementAndGet();
    }

    /** An event document of the contract; extra fields (commandId, outcome, attributes) merged in. */
    public Map<String, Object> event(UUID eventId, long seq, String type, String lockId, Map<String, Object> extra) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("v", 1);
        doc.put("eventId", eventId.toString());
        doc.put("propertyId", propertyId);
        doc.put("gatewayId", gatewayId);
        if (lockId != null) {
            doc.put("lockId", lockId);
        }
        doc.put("seq", seq);
        doc.put("type", type);
        doc.put("priority", "NORMAL");
        doc.put("occurredAt", Instant.now().toString());
        doc.putAll(extra);
        return doc;
    }

    public JsonNode nextCommand(long seconds) throws InterruptedException {
        return commands.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
            client.close();
        } catch (Exception e) {
            // the broker drops the session anyway
        }
    }
}
