package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Flow 7, the cloud's half: kill -9 of the cloud (Payara Micro) while a gateway's events are being
 * ingested; after the restart the cloud's audit holds every event of the burst exactly once.
 */
class CloudCrashIT {
    private static final int EVENTS = 300;
    private final SystemStack stack = SystemStack.get();
    private String since;

    @Test
    void givenAnIngestBurst_whenTheCloudIsKilledAndRestarted_thenItsAuditHoldsEveryEventExactlyOnce()
            throws IOException, MqttException {
        String staff = stack.token("staff-a");
        await("hotel-a's TCP locks in the inventory").atMost(Duration.ofSeconds(90))
                .until(() -> stack.lockOf(staff, "hotel-a", "tcp") != null);
        int controlPort = Integer.parseInt(stack.get("NEXEFII_GATEWAY_0_TCP_CONTROL_PORT"));
        // only this burst: the stack (and its audit) may be reused from an earlier run
        since = Instant.now().minusSeconds(1).toString();

        // the read-only observer counts the gateway's events on their way to the cloud
        AtomicInteger onTheBroker = new AtomicInteger();
        MqttClient observer = new MqttClient(stack.mqttUrl(), "nexefii-observer", new MemoryPersistence());
        observer.connect(stack.mqttOptions("nexefii-observer"));
        int auditedBeforeKill;
        long cloud = stack.pid("cloud");
        try {
            observer.subscribe("nexefii/v1/hotel-a/" + stack.get("NEXEFII_GATEWAY_0_ID") + "/evt", 1,
                    (topic, message) -> onTheBroker.incrementAndGet());
            try (Socket control = new Socket("127.0.0.1", controlPort);
                 PrintWriter out = new PrintWriter(control.getOutputStream(), true, StandardCharsets.UTF_8);
                 BufferedReader in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < EVENTS; i++) {
                    out.println("tamper 2");
                    assertThat(in.readLine()).startsWith("ok");
                }
            }
            // kill in the middle of ingest: a third of the burst has reached the broker, the rest is on its way
            await("the gateway forwarding the burst").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> onTheBroker.get() >= EVENTS / 3);
            auditedBeforeKill = tamperEvents(staff).size();
            stack.signal("cloud", "KILL");
        } finally {
            observer.disconnect();
            observer.close();
        }
        await("the killed cloud is gone").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(cloud).map(h -> !h.isAlive()).orElse(true));
        long restart = System.nanoTime();
        stack.upAgain();
        long restartMillis = (System.nanoTime() - restart) / 1_000_000;

        String again = stack.token("staff-a");
        await("all " + EVENTS + " tamper events of the burst in the cloud, none lost").atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(controllerSequences(again)).hasSize(EVENTS));
        Map<String, Integer> perControllerEvent = controllerSequences(again);
        assertThat(perControllerEvent).as("controller events in the cloud more than once").allSatisfy((event, count) ->
                assertThat(count).as(event).isEqualTo(1));
        List<Long> seqs = tamperEvents(again).stream().map(e -> e.path("seq").asLong()).toList();
        assertThat(seqs).as("no gateway sequence number twice").doesNotHaveDuplicates();
        System.out.printf("kill -9 of the cloud during ingest: %d of %d events audited just before the kill, restart %d ms, "
                + "afterwards all %d in the audit exactly once%n", auditedBeforeKill, EVENTS, restartMillis, perControllerEvent.size());
    }

    private Map<String, Integer> controllerSequences(String staff) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode e : tamperEvents(staff)) {
            JsonNode a = e.path("attributes");
            counts.merge(a.path("controllerId").asText() + "#" + a.path("controllerEventSequence").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** Every page of the burst's TAMPER events from gw-a1. */
    private List<JsonNode> tamperEvents(String staff) {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = SystemStack.json(stack.cloudGet(staff, "/api/v1/properties/hotel-a/audit?limit=500&offset=" + offset
                    + "&type=TAMPER&gatewayId=" + stack.get("NEXEFII_GATEWAY_0_ID") + "&from=" + SystemStack.enc(since)).body());
            page.path("items").forEach(all::add);
            if (page.path("items").size() < 500) {
                return all;
            }
        }
    }
}
