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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ingest acknowledgement end to end: a real gateway deletes a forwarded event only when the real
 * cloud has committed it and said so on {@code evt/ack}. A burst of several times the gateway's
 * in-flight window (256) can only get through if every window is acknowledged by the cloud: without
 * evt/ack the gateway would send its first 256 events again and again and never the rest.
 */
class IngestAcknowledgementIT {
    private static final int EVENTS = 1200;
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenABurstOfFourWindowsOfEvents_whenTheGatewayForwardsThem_thenTheCloudStoresEachExactlyOnceInControllerOrder()
            throws IOException {
        String staff = stack.token("staff-b");
        String gateway = stack.get("NEXEFII_GATEWAY_1_ID");
        await("hotel-b's TCP locks in the inventory").atMost(Duration.ofSeconds(90))
                .until(() -> stack.lockOf(staff, "hotel-b", "tcp") != null);
        int controlPort = Integer.parseInt(stack.get("NEXEFII_GATEWAY_1_TCP_CONTROL_PORT"));
        String since = java.time.Instant.now().minusSeconds(1).toString();

        try (Socket control = new Socket("127.0.0.1", controlPort);
             PrintWriter out = new PrintWriter(control.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < EVENTS; i++) {
                out.println("forced 1");
                assertThat(in.readLine()).startsWith("ok");
            }
        }

        await("all " + EVENTS + " forced-door events of the burst in the cloud").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> forcedEvents(staff, since, gateway).size() >= EVENTS);
        List<JsonNode> events = forcedEvents(staff, since, gateway);
        Set<Long> seqs = new HashSet<>();
        Set<String> controllerEvents = new HashSet<>();
        for (JsonNode e : events) {
            assertThat(seqs.add(e.path("seq").asLong())).as("gateway seq %s stored twice", e.path("seq")).isTrue();
            JsonNode a = e.path("attributes");
            controllerEvents.add(a.path("controllerId").asText() + "#" + a.path("controllerEventSequence").asText());
        }
        assertThat(controllerEvents).as("every controller event of the burst, once").hasSize(EVENTS);
        assertThat(events).hasSize(EVENTS);
        List<Long> controllerOrder = events.stream().sorted((x, y) -> Long.compare(x.path("seq").asLong(), y.path("seq").asLong()))
                .map(e -> e.path("attributes").path("controllerEventSequence").asLong()).toList();
        assertThat(controllerOrder).as("in the controller's order").isSorted();
    }

    /** Every page of the gateway's DOOR_FORCED events since the burst began. */
    private List<JsonNode> forcedEvents(String staff, String since, String gateway) {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = SystemStack.json(stack.cloudGet(staff, "/api/v1/properties/hotel-b/audit?limit=500&offset=" + offset
                    + "&from=" + SystemStack.enc(since) + "&type=DOOR_FORCED&gatewayId=" + gateway).body());
            page.path("items").forEach(all::add);
            if (page.path("items").size() < 500) {
                return all;
            }
        }
    }
}
