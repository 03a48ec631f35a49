package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.stack.fixture.Http;
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

    /**
     * Bench scenario 6 lost up to 77 % of such a burst: Mosquitto's default max_queued_messages (1000)
     * dropped QoS 1 events for the cloud after the gateway had its PUBACKs. Now the broker queues
     * without a count limit and the cloud acknowledges each committed event on evt/ack.
     */
    @Test
    void givenABurstOfFiveThousandEventsPublishedFasterThanIngest_whenIngested_thenAllStoredExactlyOnceAndEachAcknowledged() {
        String staff = stack.token("staff-a");
        String lock = "it-burst-" + UUID.randomUUID().toString().substring(0, 8);
        int count = 5000;
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            java.util.List<Map<String, Object>> events = new java.util.ArrayList<>();
            java.util.Set<Long> seqs = new java.util.HashSet<>();
            for (int i = 0; i < count; i++) {
                long seq = GatewayClient.nextSeq();
                seqs.add(seq);
                events.add(gw.event(UUID.randomUUID(), seq, "DOOR_OPENED", lock, Map.of("priority", "TELEMETRY")));
            }
            gw.burst(events);
            java.util.Set<Long> acknowledged = new java.util.HashSet<>();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (JsonNode ack; (ack = gw.eventAcks.poll()) != null;) {
                    for (JsonNode range : ack.path("seqRanges")) {
                        for (long s = range.get(0).asLong(); s <= range.get(1).asLong(); s++) {
                            if (seqs.contains(s)) {
                                acknowledged.add(s);
                            }
                        }
                    }
                }
                return acknowledged.size() == count;
            });
            assertThat(audit(staff, "lockId=" + lock + "&limit=1").path("total").asLong()).as("stored exactly once")
                    .isEqualTo(count);
        }
    }

    @Test
    void givenBatteryEventWithPercent_whenIngested_thenTheLockShowsThatLevel() {
        String staff = stack.token("staff-a");
        String lock = "it-bat-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            gw.inventory(lock);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.get("/api/v1/properties/hotel-a/locks/" + lock, staff).status() == 200);
            gw.publishJson("evt", gw.event(UUID.randomUUID(), GatewayClient.nextSeq(), "BATTERY_LEVEL", lock,
                    Map.of("priority", "TELEMETRY", "attributes", Map.of("percent", "42"))), false);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.get("/api/v1/properties/hotel-a/locks/" + lock, staff).json().path("batteryPercent").asInt() == 42);
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
