package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gateway events over the real broker: idempotent by event id, gaps reported, bad messages refused and audited. */
class AuditIngestIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    private static JsonNode audit(String token, String query) {
        return http.get("/api/v1/properties/hotel-a/audit?" + query, token).json();
    }

    @Test
    void givenEventPublishedTwice_whenIngested_thenStoredOnceAndTheDuplicateCounted() {
        String staff = stack.token("staff-a");
        String lock = "it-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            gw.birth(true);
            long duplicatesBefore = http.get("/api/v1/properties/hotel-a/gateways/itgw-a", staff).json().path("duplicates").asLong();
            Map<String, Object> event = gw.event(UUID.randomUUID(), GatewayClient.nextSeq(), "DOOR_OPENED", lock, Map.of());
            gw.publishJson("evt", event, false);
            gw.publishJson("evt", event, false);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.get("/api/v1/properties/hotel-a/gateways/itgw-a", staff).json().path("duplicates").asLong() > duplicatesBefore);
            // and once more after the first copy is stored (a replay after a gateway crash)
            gw.publishJson("evt", event, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/properties/hotel-a/gateways/itgw-a", staff)
                    .json().path("duplicates").asLong() == duplicatesBefore + 2);
            assertThat(audit(staff, "lockId=" + lock).path("total").asLong()).isEqualTo(1);
        }
    }

    @Test
    void givenSequenceJump_whenIngested_thenGapIsReportedInTheAudit() {
        String staff = stack.token("staff-a");
        String lock = "it-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            long first = GatewayClient.nextSeq();
            gw.publishJson("evt", gw.event(UUID.randomUUID(), first, "LOCKED", lock, Map.of()), false);
            for (int i = 0; i < 3; i++) {
                GatewayClient.nextSeq(); // never published: lost in a gateway crash
            }
            long after = GatewayClient.nextSeq();
            gw.publishJson("evt", gw.event(UUID.randomUUID(), after, "UNLOCKED", lock, Map.of()), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> audit(staff, "lockId=" + lock).path("total").asLong() == 2);
            JsonNode gaps = audit(staff, "type=SEQUENCE_GAP&limit=20").path("items");
            boolean reported = false;
            for (JsonNode g : gaps) {
                reported |= g.path("attributes").path("fromSeq").asLong() == first + 1
                        && g.path("attributes").path("toSeq").asLong() == after - 1;
            }
            assertThat(reported).as("gap %d..%d reported", first + 1, after - 1).isTrue();
        }
    }

    @Test
    void givenMalformedOrForeignPayloads_whenPublished_thenRefusedAuditedAndTheCloudStaysUp() {
        String staff = stack.token("staff-a");
        long before = audit(staff, "type=MQTT_MESSAGE_REJECTED").path("total").asLong();
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            gw.publish("evt", "{not json", false);
            gw.publish("evt", "{\"v\":1,\"eventId\":\"x\",\"sql\":\"'; drop table audit_events; --\"}", false);
            // a payload claiming another property on this gateway's own topic
            Map<String, Object> spoof = new java.util.HashMap<>(gw.event(UUID.randomUUID(), GatewayClient.nextSeq(),
                    "UNLOCKED", "x", Map.of()));
            spoof.put("propertyId", "hotel-b");
            gw.publishJson("evt", spoof, false);
            gw.publish("evt", "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}", false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                audit(staff, "type=MQTT_MESSAGE_REJECTED").path("total").asLong() >= before + 4);
        JsonNode reasons = audit(staff, "type=MQTT_MESSAGE_REJECTED&limit=4").path("items");
        java.util.Set<String> seen = new java.util.HashSet<>();
        reasons.forEach(r -> seen.add(r.path("attributes").path("reason").asText()));
        assertThat(seen).contains("malformed-json", "schema-violation", "topic-mismatch", "oversized");
        assertThat(http.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(http.get("/metrics", null).body()).contains("nexefii_mqtt_rejected_total");
    }
}
