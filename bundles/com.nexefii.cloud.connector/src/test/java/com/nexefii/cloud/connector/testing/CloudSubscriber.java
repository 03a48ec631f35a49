package com.nexefii.cloud.connector.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The cloud side in tests: an independent Paho client with the cloud's certificate that consumes
 * events idempotently by event id (a duplicate is counted, never stored twice) and sends commands.
 * Its session is persistent, so the broker queues events for it while it is away.
 */
public final class CloudSubscriber implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final Map<String, JsonNode> eventsById = new LinkedHashMap<>();
    private final List<JsonNode> arrivals = new ArrayList<>();
    private final Map<String, List<JsonNode>> byTopic = new LinkedHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();

    public CloudSubscriber(String url, SSLSocketFactory tls, String clientId, String... filters) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setSocketFactory(tls);
        o.setHttpsHostnameVerificationEnabled(true);
        o.setMaxInflight(1000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                JsonNode node;
                try {
                    node = JSON.readTree(message.getPayload());
                } catch (java.io.IOException e) {
                    return; // not ours to judge (a test's own malformed command, say)
                }
                if (node == null) {
                    return;
                }
                synchronized (CloudSubscriber.this) {
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(node);
                    if (topic.endsWith("/evt")) {
                        arrivals.add(node);
                        if (node.has("eventId") && eventsById.putIfAbsent(node.get("eventId").asText(), node) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(o);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters, qos);
    }

    public void send(String topic, String payload) throws MqttException {
        send(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    /** @return distinct events by id, in first-arrival order */
    public synchronized List<JsonNode> events() {
        return new ArrayList<>(eventsById.values());
    }

    public synchronized List<JsonNode> arrivals() {
        return new ArrayList<>(arrivals);
    }

    public synchronized List<JsonNode> on(String topicSuffix) {
        List<JsonNode> all = new ArrayList<>();
        byTopic.forEach((t, l) -> {
            if (t.endsWith(topicSuffix)) {
                all.addAll(l);
            }
        });
        return all;
    }

    public long duplicates() {
        return duplicates.get();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000);
        }
        client.close();
    }
}
