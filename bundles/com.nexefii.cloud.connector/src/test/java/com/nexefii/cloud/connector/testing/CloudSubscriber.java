package com.nexefii.cloud.connector.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Its session is persistent, so the broker queues events for it while it is away. Like the real
 * cloud after its commit, it acknowledges every event it keeps on the gateway's {@code evt/ack}
 * (contract v1), unless a test holds acknowledgements back.
 */
public final class CloudSubscriber implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final Map<String, JsonNode> eventsById = new LinkedHashMap<>();
    private final List<JsonNode> arrivals = new ArrayList<>();
    private final Map<String, List<JsonNode>> byTopic = new LinkedHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final ExecutorService acker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-cloud-evt-ack");
        t.setDaemon(true);
        return t;
    });
    /** Seqs received and not yet acknowledged, by evt topic. */
    private final Map<String, TreeSet<Long>> unacknowledged = new LinkedHashMap<>();
    private final Set<Long> holdBackOnce = new HashSet<>();
    private boolean acknowledging = true;

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
                        if (node.has("seq") && !holdBackOnce.remove(node.get("seq").asLong())) {
                            unacknowledged.computeIfAbsent(topic, t -> new TreeSet<>()).add(node.get("seq").asLong());
                            if (acknowledging) {
                                acker.execute(CloudSubscriber.this::sendAcknowledgements);
                            }
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

    /** Stops acknowledging (the events stay in the gateway's store) or resumes, acknowledging all kept so far. */
    public void acknowledging(boolean on) {
        synchronized (this) {
            acknowledging = on;
        }
        if (on) {
            acker.execute(this::sendAcknowledgements);
        }
    }

    /** The next arrival of {@code seq} is kept but never acknowledged, as if the acknowledgement were lost. */
    public synchronized void holdBackOnce(long seq) {
        holdBackOnce.add(seq);
    }

    /** Publishes one evt/ack per gateway with everything received and not yet acknowledged (on the acker thread). */
    private void sendAcknowledgements() {
        Map<String, TreeSet<Long>> due = new LinkedHashMap<>();
        synchronized (this) {
            if (!acknowledging) {
                return;
            }
            unacknowledged.forEach((topic, seqs) -> {
                if (!seqs.isEmpty()) {
                    due.put(topic, new TreeSet<>(seqs));
                    seqs.clear();
                }
            });
        }
        due.forEach((evtTopic, seqs) -> {
            String[] parts = evtTopic.split("/");
            List<long[]> ranges = new ArrayList<>();
            for (long seq : seqs) {
                long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                if (last != null && seq == last[1] + 1) {
                    last[1] = seq;
                } else {
                    ranges.add(new long[] { seq, seq });
                }
            }
            // the contract allows 2048 ranges per message
            for (int i = 0; i < ranges.size(); i += 2000) {
                StringBuilder list = new StringBuilder();
                for (long[] r : ranges.subList(i, Math.min(ranges.size(), i + 2000))) {
                    list.append(list.length() > 0 ? "," : "").append('[').append(r[0]).append(',').append(r[1]).append(']');
                }
                String ack = "{\"v\":1,\"propertyId\":\"" + parts[2] + "\",\"gatewayId\":\"" + parts[3]
                        + "\",\"seqRanges\":[" + list + "],\"at\":\"" + Instant.now() + "\"}";
                try {
                    client.publish(evtTopic + "/ack", ack.getBytes(StandardCharsets.UTF_8), 1, false);
                } catch (MqttException e) {
                    // the gateway sends the events again after its timeout: acknowledged then
                }
            }
        });
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
        acker.shutdownNow();
        if (client.isConnected()) {
            client.disconnect(2000);
        }
        client.close();
    }
}
