package com.nexefii.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.nexefii.bench.load.FixedRateLoad;
import com.nexefii.bench.mqtt.MosquittoBroker;

/**
 * Scenario 1: remote unlock end to end, REST (JWT) → cloud → MQTT → gateway → simulated lock (zero
 * latency) → result back, at a fixed arrival rate. Baseline: the MQTT round trip alone, raw Paho
 * publish → Mosquitto (mutual TLS) → Paho echo → back, QoS 1 both ways, same rate.
 */
public final class RemoteUnlockScenario implements Scenario {

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
        double rate = settings.pick(100.0, 200.0);
        Duration warmUp = Duration.ofSeconds(settings.pick(3, 10));
        Duration measured = Duration.ofSeconds(settings.pick(10, 60));
        Measured<FixedRateLoad.Result> echo = Measured.of(() -> mqttEcho(settings, rate, warmUp, measured, true));
        Measured<FixedRateLoad.Result> nagle = Measured.of(() -> mqttEcho(settings, rate, warmUp, measured, false));
        FixedRateLoad.Result b = echo.value();
        FixedRateLoad.Result n = nagle.value();
        String baselineWhat = "raw Paho publish → Mosquitto 2 (mTLS) → Paho echo → back, QoS 1, TCP_NODELAY, same rate";
        String why = "not run: the end-to-end harness is not written yet. What it needs (checked against a "
                + "stack from integration-tests/stack with its gateways): POST /api/v1/properties/{p}/locks/{lock}/unlock "
                + "answers 202 with the command before the lock acts, so the result must be observed separately "
                + "(webhook, or the command's state); and the stack's gateways simulate 150–600 ms of lock latency, "
                + "so a zero-latency simulator configuration is needed. Baseline: " + b.summary();
        return List.of(
                new Figure(1, "p50, fixed rate " + (int) rate + "/s", Double.NaN, "ms", baselineWhat,
                        b.percentileMillis(50), "≤ 2 ms", null, echo.load(), why),
                new Figure(1, "p99, fixed rate " + (int) rate + "/s", Double.NaN, "ms", baselineWhat,
                        b.percentileMillis(99), "≤ 10 ms", null, echo.load(), "see p50"),
                new Figure(1, "p99.9, fixed rate " + (int) rate + "/s", Double.NaN, "ms", baselineWhat,
                        b.percentileMillis(99.9), "", null, echo.load(), "see p50"),
                new Figure(1, "finding: the baseline round trip with Paho's and Mosquitto's socket defaults "
                        + "(Nagle on), p50", n.percentileMillis(50), "ms", baselineWhat, b.percentileMillis(50), "",
                        null, nagle.load(), "no target: shows what TCP_NODELAY is worth on this path; " + n.summary()));
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
