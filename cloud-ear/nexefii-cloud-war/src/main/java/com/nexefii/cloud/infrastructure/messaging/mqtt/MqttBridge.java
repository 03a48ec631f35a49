package com.nexefii.cloud.infrastructure.messaging.mqtt;

import com.nexefii.cloud.application.GatewayLink;
import com.nexefii.cloud.domain.model.command.Command;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.mqtt.contract.Channel;
import com.nexefii.mqtt.contract.Topics;
import com.nexefii.mqtt.contract.transport.NoDelaySslSocketFactory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's MQTT client (Paho): one persistent session (clean session off, so the broker keeps
 * gateway messages while the cloud is down), automatic reconnect, mutual TLS, and manual
 * acknowledgements: a gateway event is PUBACKed only after its audit record is committed.
 */
@ApplicationScoped
public class MqttBridge implements GatewayLink {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    private static final Jsonb JSON = JsonbBuilder.create();
    static final Channel[] INBOUND = { Channel.EVT, Channel.STATUS, Channel.INVENTORY, Channel.POLICY_ACK };

    @Inject
    InboundMessageHandler handler;

    /** A reconnect that has not succeeded for this long is presumed stuck: the client is rebuilt. */
    private static final long STALLED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private MqttOptions options;
    private volatile MqttAsyncClient client;
    /** System.nanoTime() when the connection was lost (or first attempted); 0 while connected. */
    private volatile long disconnectedSince;

    public void start() {
        options = MqttOptions.fromConfig(ConfigProvider.getConfig(MqttBridge.class.getClassLoader()));
        if (!options.enabled()) {
            LOG.warn("MQTT bridge disabled (nexefii.mqtt.enabled=false): commands stay queued");
            return;
        }
        LOG.info("Starting MQTT bridge {}...", options);
        open();
    }

    /**
     * Rebuilds the client when its automatic reconnect has stalled (seen with Paho 1.2.5 after a
     * session take-over: the connect thread waits forever for its sender thread). The persistent
     * session keeps subscriptions and unacknowledged messages across the rebuild.
     */
    public synchronized void watchdog() {
        long since = disconnectedSince;
        if (client == null || since == 0 || client.isConnected() || System.nanoTime() - since < STALLED_NANOS) {
            return;
        }
        LOG.warn("MQTT connection down for more than {} s: rebuilding the client", STALLED_NANOS / 1_000_000_000L);
        MqttAsyncClient old = client;
        client = null;
        try {
            old.disconnectForcibly(0, 1_000, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Forced disconnect of the stalled client: {}", e.toString());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Closing the stalled client: {}", e.toString());
        }
        open();
    }

    private synchronized void open() {
        disconnectedSince = System.nanoTime();
        try {
            client = new MqttAsyncClient(options.url(), options.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new Callback());
            MqttConnectOptions connect = new MqttConnectOptions();
            connect.setCleanSession(false);
            connect.setAutomaticReconnect(true);
            connect.setMaxReconnectDelay(10_000);
            connect.setKeepAliveInterval(options.keepAliveSeconds());
            connect.setMaxInflight(options.maxInflight());
            connect.setConnectionTimeout(10);
            if (options.url().startsWith("ssl://")) {
                connect.setSocketFactory(new NoDelaySslSocketFactory(TlsSockets.mutualTls(options)));
                connect.setHttpsHostnameVerificationEnabled(true);
            }
            connect(connect);
        } catch (MqttException e) {
            throw new IllegalStateException("nexefii.mqtt.url: cannot create MQTT client for " + options.url(), e);
        }
    }

    private void connect(MqttConnectOptions connect) throws MqttException {
        client.connect(connect, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                disconnectedSince = 0;
                LOG.info("Starting MQTT bridge... connected to {}", options.url());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                // the first connect is not covered by automatic reconnect: retry it ourselves
                LOG.warn("MQTT connect to {} failed ({}); retrying in 5 s", options.url(), String.valueOf(failure));
                CompletableFuture.delayedExecutor(5, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
                    try {
                        MqttAsyncClient current = client;
                        if (current != null && !current.isConnected()) {
                            connect(connect);
                        }
                    } catch (MqttException e) {
                        LOG.warn("MQTT reconnect failed", e);
                    }
                });
            }
        });
    }

    @Override
    public boolean connected() {
        return client != null && client.isConnected();
    }

    @Override
    public CompletionStage<Void> sendCommand(Command c) {
        return publish(Topics.of(c.propertyId().value(), c.gatewayId(), Channel.CMD).topic(),
                JSON.toJson(commandDocument(c)).getBytes(StandardCharsets.UTF_8), false);
    }

    /** The command as the contract's command.schema.json describes it. */
    public static Map<String, Object> commandDocument(Command c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("v", 1);
        doc.put("commandId", c.commandId().toString());
        doc.put("propertyId", c.propertyId().value());
        doc.put("gatewayId", c.gatewayId());
        if (c.lockId() != null) {
            doc.put("lockId", c.lockId());
        }
        doc.put("type", c.type().name());
        if (!c.params().isEmpty()) {
            doc.put("params", commandParams(c.params()));
        }
        doc.put("issuedAt", c.issuedAt().toString());
        doc.put("expiresAt", c.expiresAt().toString());
        doc.put("issuedBy", c.issuedBy());
        return doc;
    }

    /** Command params travel typed (the contract's relockAfterSeconds is an integer). */
    static Map<String, Object> commandParams(Map<String, String> params) {
        Map<String, Object> typed = new LinkedHashMap<>();
        params.forEach((k, v) -> typed.put(k, "relockAfterSeconds".equals(k) ? Integer.valueOf(v) : v));
        return typed;
    }

    @Override
    public CompletionStage<Void> sendPolicy(PropertyId propertyId, String gatewayId, byte[] document, boolean retained) {
        return publish(Topics.of(propertyId.value(), gatewayId, Channel.POLICY).topic(), document, retained);
    }

    @Override
    public CompletionStage<Void> sendEventAck(PropertyId propertyId, String gatewayId, byte[] document) {
        return publish(Topics.of(propertyId.value(), gatewayId, Channel.EVT_ACK).topic(), document, false);
    }

    @Override
    public CompletionStage<Void> sendPackageInstall(PropertyId propertyId, String gatewayId, byte[] command) {
        return publish(Topics.of(propertyId.value(), gatewayId, Channel.PKG).topic(), command, false);
    }

    CompletionStage<Void> publish(String topic, byte[] payload, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!connected()) {
            done.completeExceptionally(new IllegalStateException("MQTT bridge not connected"));
            return done;
        }
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            message.setRetained(retained);
            client.publish(topic, message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.completeExceptionally(failure);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @PreDestroy
    public synchronized void stop() {
        if (client == null) {
            return;
        }
        LOG.info("Stopping MQTT bridge...");
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.warn("Stopping MQTT bridge: {}", e.toString());
        }
        client = null;
        LOG.info("Stopping MQTT bridge... done");
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            disconnectedSince = 0;
            LOG.info("MQTT {} to {}: subscribing", reconnect ? "reconnected" : "connected", serverURI);
            String[] filters = new String[INBOUND.length];
            int[] qos = new int[INBOUND.length];
            for (int i = 0; i < INBOUND.length; i++) {
                filters[i] = Topics.allGateways(INBOUND[i]);
                qos[i] = 1;
            }
            try {
                client.subscribe(filters, qos);
            } catch (MqttException e) {
                LOG.error("Subscribing to gateway topics failed", e);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            disconnectedSince = System.nanoTime();
            LOG.warn("MQTT connection lost ({}); reconnecting", String.valueOf(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int id = message.getId();
            int qos = message.getQos();
            MqttAsyncClient current = client;
            Runnable ack = () -> {
                try {
                    if (qos > 0 && current != null) {
                        current.messageArrivedComplete(id, qos);
                    }
                } catch (MqttException e) {
                    LOG.warn("Acknowledging message {} on {} failed: {}", id, topic, e.toString());
                }
            };
            // Paho's thread belongs to no application: give it ours, for config, JSON and schema look-ups
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(MqttBridge.class.getClassLoader());
            try {
                handler.onMessage(topic, message.getPayload(), ack);
            } catch (RuntimeException e) {
                // never let an exception reach Paho: it would drop the connection
                LOG.error("Handling message on {} failed", topic, e);
                ack.run();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // completion is reported per publish through its listener
        }
    }
}
