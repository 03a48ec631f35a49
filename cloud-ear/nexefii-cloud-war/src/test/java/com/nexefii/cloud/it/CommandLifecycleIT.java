package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.cloud.interfaces.gateway.mqtt.ContractValidator;
import com.nexefii.mqtt.contract.Channel;
import com.nexefii.stack.fixture.Http;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device manager over the real broker: queued -> sent -> acked -> done, TTL expiry, delivery on reconnect. */
class CommandLifecycleIT {

    static CloudStack stack;
    static Http http;
    static final ContractValidator CONTRACT = new ContractValidator();

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    private static String state(String property, String token, String commandId) {
        return http.get("/api/v1/properties/" + property + "/commands/" + commandId, token).json().path("state").asText();
    }

    @Test
    void givenOnlineGateway_whenStaffUnlocks_thenCommandReachesGatewayAndResultMakesItDone() throws Exception {
        String lock = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String staff = stack.token("staff-a");
        String sentToDone = "nexefii_commands_sent_to_done_seconds_count";
        double doneBefore = MetricsIT.sample(http.get("/metrics", null).body(), sentToDone, "state=\"DONE\"");
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            gw.birth(true);
            gw.inventory(lock);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/properties/hotel-a/locks/" + lock, staff).status() == 200);

            String key = "it-unlock-" + UUID.randomUUID();
            Http.Answer issued = http.post("/api/v1/properties/hotel-a/locks/" + lock + "/unlock", staff,
                    Map.of("relockAfterSeconds", 5), Map.of("Idempotency-Key", key));
            assertThat(issued.status()).isEqualTo(202);
            // recorded SENT in the transaction that stored it: the publish follows that one commit
            assertThat(issued.json().path("state").asText()).isEqualTo("SENT");
            String commandId = issued.json().path("commandId").asText();

            JsonNode received = gw.nextCommand(10);
            assertThat(received).isNotNull();
            assertThat(received.path("commandId").asText()).isEqualTo(commandId);
            assertThat(received.path("type").asText()).isEqualTo("UNLOCK");
            assertThat(CONTRACT.violations(Channel.CMD, received)).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> state("hotel-a", staff, commandId).equals("ACKED"));

            // the same Idempotency-Key answers the same command, and sends nothing new
            Http.Answer again = http.post("/api/v1/properties/hotel-a/locks/" + lock + "/unlock", staff,
                    Map.of("relockAfterSeconds", 5), Map.of("Idempotency-Key", key));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("commandId").asText()).isEqualTo(commandId);

            gw.publishJson("evt", gw.event(UUID.randomUUID(), GatewayClient.nextSeq(), "COMMAND_RESULT", lock,
                    Map.of("commandId", commandId, "outcome", "OK")), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> state("hotel-a", staff, commandId).equals("DONE"));
            JsonNode done = http.get("/api/v1/properties/hotel-a/commands/" + commandId, staff).json();
            assertThat(done.path("outcome").asText()).isEqualTo("OK");
            assertThat(gw.nextCommand(1)).as("no second delivery").isNull();
        }
        // its round trip (sent -> done) is in the command latency metric
        assertThat(MetricsIT.sample(http.get("/metrics", null).body(), sentToDone, "state=\"DONE\"") - doneBefore)
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void givenOfflineGateway_whenCommandTtlPasses_thenExpiredAndNeverDelivered() throws Exception {
        String lock = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = stack.token("admin-b");
        try (GatewayClient gw = stack.gateway("hotel-b", "itgw-b")) {
            gw.birth(true);
            gw.inventory(lock);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/properties/hotel-b/locks/" + lock, admin).status() == 200);
            gw.birth(false);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.get("/api/v1/properties/hotel-b/gateways/itgw-b", admin).json().path("status").asText().equals("OFFLINE"));

            Http.Answer issued = http.post("/api/v1/properties/hotel-b/commands", admin,
                    Map.of("lockId", lock, "type", "LOCK", "ttlSeconds", 2), Map.of("Idempotency-Key", "it-ttl-" + UUID.randomUUID()));
            assertThat(issued.status()).isEqualTo(202);
            String commandId = issued.json().path("commandId").asText();
            assertThat(issued.json().path("state").asText()).isEqualTo("QUEUED");

            await().atMost(Duration.ofSeconds(15)).until(() -> state("hotel-b", admin, commandId).equals("EXPIRED"));
            gw.birth(true);
            assertThat(gw.nextCommand(3)).as("an expired command is never sent").isNull();
        }
    }

    @Test
    void givenOfflineGateway_whenItReconnectsBeforeTtl_thenQueuedCommandIsDelivered() throws Exception {
        String lock = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = stack.token("admin-b");
        try (GatewayClient gw = stack.gateway("hotel-b", "itgw-b")) {
            gw.birth(true);
            gw.inventory(lock);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/properties/hotel-b/locks/" + lock, admin).status() == 200);
            gw.birth(false);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.get("/api/v1/properties/hotel-b/gateways/itgw-b", admin).json().path("status").asText().equals("OFFLINE"));

            String commandId = http.post("/api/v1/properties/hotel-b/commands", admin,
                    Map.of("lockId", lock, "type", "QUERY_STATE", "ttlSeconds", 120),
                    Map.of("Idempotency-Key", "it-wait-" + UUID.randomUUID())).json().path("commandId").asText();
            assertThat(gw.nextCommand(2)).as("nothing sent while offline").isNull();
            assertThat(state("hotel-b", admin, commandId)).isEqualTo("QUEUED");

            gw.birth(true);
            JsonNode delivered = gw.nextCommand(10);
            assertThat(delivered).isNotNull();
            assertThat(delivered.path("commandId").asText()).isEqualTo(commandId);
            await().atMost(Duration.ofSeconds(10)).until(() -> state("hotel-b", admin, commandId).equals("ACKED"));
        }
    }
}
