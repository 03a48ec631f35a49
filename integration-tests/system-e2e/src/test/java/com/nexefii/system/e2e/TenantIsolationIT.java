package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** Flow 5: a staff user of hotel-a cannot touch hotel-b; gw-a1's certificate cannot use hotel-b's topics. */
class TenantIsolationIT {
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenStaffOfHotelA_whenListingUnlockingOrReadingAuditOfHotelB_thenItIsRefused() {
        String staffA = stack.token("staff-a");
        String staffB = stack.token("staff-b");
        await("hotel-b has locks").atMost(Duration.ofSeconds(60)).until(() -> stack.lockOf(staffB, "hotel-b", "simulator") != null);
        String lockB = stack.lockOf(staffB, "hotel-b", "simulator");

        assertThat(stack.cloudGet(staffA, "/api/v1/properties/hotel-b/locks").statusCode()).isIn(403, 404);
        assertThat(stack.cloudGet(staffA, "/api/v1/properties/hotel-b/locks/" + lockB).statusCode()).isIn(403, 404);
        assertThat(stack.cloudPost(staffA, "/api/v1/properties/hotel-b/locks/" + lockB + "/unlock", "{}").statusCode()).isIn(403, 404);
        assertThat(stack.cloudGet(staffA, "/api/v1/properties/hotel-b/audit").statusCode()).isIn(403, 404);
        // hotel-a's own view never shows hotel-b's gateway
        assertThat(stack.cloudGet(staffA, "/api/v1/properties/hotel-a/audit?limit=500&gatewayId=gw-b1").body()).doesNotContain("\"gw-b1\"");
        // and hotel-a's token opens nothing at hotel-b's gateway
        var local = stack.gatewayPost(1, "Bearer " + staffA, "/api/v1/locks/" + lockB + "/unlock", "");
        assertThat(local.statusCode()).isEqualTo(403);
        assertThat(local.body()).contains("WRONG_PROPERTY");
    }

    @Test
    void givenTheCertificateOfGwA1_whenPublishingOnHotelBTopics_thenTheBrokerDeliversNothing() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient observer = new MqttClient(stack.mqttUrl(), "nexefii-observer", new MemoryPersistence());
        observer.connect(stack.mqttOptions("nexefii-observer"));
        try {
            observer.subscribe("nexefii/v1/#", 1, (topic, message) -> {
                if (!message.isRetained()) {
                    seen.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            });
            // The broker forces the client id to the certificate's CN: this takes over gw-a1's session
            // for a moment (the gateway reconnects by itself).
            MqttClient intruder = new MqttClient(stack.mqttUrl(), "gw-a1", new MemoryPersistence());
            intruder.connect(stack.mqttOptions("gw-a1"));
            try {
                for (String channel : List.of("evt", "status", "inventory", "policy/ack")) {
                    intruder.publish("nexefii/v1/hotel-b/gw-b1/" + channel, "forged-by-gw-a1".getBytes(StandardCharsets.UTF_8), 1, false);
                }
                intruder.publish("nexefii/v1/hotel-a/gw-b1/evt", "forged-by-gw-a1".getBytes(StandardCharsets.UTF_8), 1, false);
                // Same connection, same order: once this marker arrives, anything published before it
                // that the broker would deliver has arrived too.
                intruder.publish("nexefii/v1/hotel-a/gw-a1/inventory", "marker-gw-a1".getBytes(StandardCharsets.UTF_8), 1, false);
            } finally {
                intruder.disconnect();
                intruder.close();
            }
            await("the marker").atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(s -> s.contains("marker-gw-a1")));
            assertThat(seen).noneMatch(s -> s.contains("forged-by-gw-a1"));
            // gw-a1 is back (a fresh birth message after the marker) before the other tests go on.
            int afterMarker = seen.size();
            await("gw-a1 online again").atMost(Duration.ofSeconds(90)).until(() -> seen.subList(afterMarker, seen.size()).stream()
                    .anyMatch(s -> s.startsWith("nexefii/v1/hotel-a/gw-a1/status ") && s.contains("ONLINE")));
        } finally {
            observer.disconnect();
            observer.close();
        }
    }
}
