package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;

class PayloadsTest {

    private static LockEvent event(String lockId, LockEventType type, Map<String, String> attributes) {
        return new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", lockId, 4711,
                Instant.parse("2026-11-25T10:00:00.412Z"), type, attributes);
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return Payloads.JSON.readTree(bytes);
    }

    @Test
    void givenAnUnlockEvent_whenEncoded_thenValidAgainstTheEventSchemaWithItsFields() throws Exception {
        LockEvent e = event("sim-a-101", LockEventType.UNLOCKED, Map.of("credentialId", "mk-7f3a", "method", "mobile-key"));

        JsonNode node = json(Payloads.event(e));

        assertThat(ContractSchemas.validate("event", node)).isEmpty();
        assertThat(node.get("eventId").asText()).isEqualTo(e.eventId());
        assertThat(node.get("seq").asLong()).isEqualTo(4711);
        assertThat(node.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(node.get("attributes").get("method").asText()).isEqualTo("mobile-key");
    }

    @Test
    void givenACommandResult_whenEncoded_thenCommandIdAndOutcomeAreTopLevelAndValid() throws Exception {
        String commandId = UUID.randomUUID().toString();
        JsonNode node = json(Payloads.event(event("sim-a-101", LockEventType.COMMAND_RESULT,
                Map.of("commandId", commandId, "outcome", "OK", "commandType", "UNLOCK"))));

        assertThat(ContractSchemas.validate("event", node)).isEmpty();
        assertThat(node.get("commandId").asText()).isEqualTo(commandId);
        assertThat(node.get("outcome").asText()).isEqualTo("OK");
        assertThat(node.get("attributes").has("commandId")).isFalse();
    }

    @Test
    void givenAnEventAnAdapterFilledBadly_whenEncoded_thenStillValidSoTheQueueNeverBlocks() throws Exception {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            attributes.put("k" + i, "v");
        }
        attributes.put("1bad name", "x");
        attributes.put("long", "y".repeat(2000));
        JsonNode result = json(Payloads.event(event("lock with spaces", LockEventType.COMMAND_RESULT,
                Map.of("commandId", "local-42", "outcome", "WEIRD"))));
        JsonNode crowded = json(Payloads.event(event(null, LockEventType.GATEWAY_ALARM, attributes)));

        assertThat(ContractSchemas.validate("event", result)).isEmpty();
        assertThat(ContractSchemas.validate("event", crowded)).isEmpty();
        assertThat(result.get("attributes").get("commandRef").asText()).isEqualTo("local-42");
        assertThat(result.has("lockId")).isFalse();
    }

    @Test
    void givenBirthLastWillInventoryAndPolicyAck_whenEncoded_thenEachIsValidAgainstItsSchema() throws Exception {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(ContractSchemas.validate("status", json(Payloads.status("hotel-a", "gw-a1", true, at,
                Map.of("com.nexefii.lock.api", "0.1.0.SNAPSHOT"), 42L, 0L)))).isEmpty();
        assertThat(ContractSchemas.validate("status",
                json(Payloads.status("hotel-a", "gw-a1", false, at, null, null, null)))).isEmpty();
        assertThat(ContractSchemas.validate("inventory", json(Payloads.inventory("hotel-a", "gw-a1", at,
                List.of(new LockInfo("sim-a-101", "simulator", "sim-1", "Simulated lock", "a")))))).isEmpty();
        assertThat(ContractSchemas.validate("policy-ack",
                json(Payloads.policyAck("hotel-a", "gw-a1", 43, true, at)))).isEmpty();
    }

    @Test
    void givenTheContractsEventAckExample_whenRead_thenItsRangesForThisGateway() throws Exception {
        byte[] ack = ("{\"v\":1,\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a1\",\"seqRanges\":[[4700,4712],[4714,4714]],"
                + "\"at\":\"2026-11-25T10:00:00.520Z\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ContractSchemas.validate("event-ack", json(ack))).isEmpty();

        List<long[]> ranges = Payloads.eventAckRanges(ack, "hotel-a", "gw-a1");

        assertThat(ranges).containsExactly(new long[] { 4700, 4712 }, new long[] { 4714, 4714 });
    }

    @Test
    void givenAnAckForAnotherGatewayOrWithABackwardsRange_whenRead_thenRefusedSayingWhy() {
        String other = "{\"v\":1,\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a2\",\"seqRanges\":[[1,2]],\"at\":\"x\"}";
        String backwards = "{\"v\":1,\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a1\",\"seqRanges\":[[5,2]],\"at\":\"x\"}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Payloads.eventAckRanges(other.getBytes(), "hotel-a", "gw-a1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another gateway");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Payloads.eventAckRanges(backwards.getBytes(), "hotel-a", "gw-a1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seqRanges");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Payloads.eventAckRanges("{oops".getBytes(), "hotel-a", "gw-a1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }

    @Test
    void givenTrickyIdsAndNames_whenCheckedWithoutRegularExpressions_thenTheAnswerIsThePatternsAnswer() {
        List<String> samples = List.of("", "a", "A", "0", "-", "_a", ".a", "a b", "a\n", "sim-a-101", "a:b.c_d-e",
                "ü", "aü", "Z9", "x".repeat(63), "x".repeat(64), "x".repeat(65), "x".repeat(127), "x".repeat(128),
                "x".repeat(129), UUID.randomUUID().toString(), UUID.randomUUID().toString().toUpperCase(),
                "0123456789abcdef0123456789abcdef0123", "01234567-89ab-cdef-0123-456789abcdeg",
                "01234567-89ab-cdef-0123-456789abcdef\n", "01234567_89ab-cdef-0123-456789abcdef");
        for (String s : samples) {
            assertThat(Payloads.isUuid(s)).as("uuid %s", s).isEqualTo(Payloads.UUID_PATTERN.matcher(s).matches());
            assertThat(Payloads.isLockId(s)).as("lockId %s", s).isEqualTo(Payloads.LOCK_ID.matcher(s).matches());
            assertThat(Payloads.isAttributeName(s)).as("name %s", s)
                    .isEqualTo(Payloads.ATTRIBUTE_NAME.matcher(s).matches());
        }
        assertThat(Payloads.isUuid(null)).isFalse();
    }

    @Test
    void givenAnEventWithAttributesInAnyOrder_whenEncoded_thenTheBytesAreTheContractsFieldsInOneStableOrder()
            throws Exception {
        String eventId = "7b0c7c6e-3f1a-4c55-9b43-2d0a6f1f4e21";
        LockEvent e = new LockEvent(eventId, "hotel-a", "gw-a1", "sim-a-101", 42,
                Instant.parse("2026-11-25T10:00:00.412Z"), LockEventType.UNLOCKED,
                Map.of("method", "mobile-key", "credentialId", "mk-7f3a"));

        String json = new String(Payloads.event(e), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"v\":1,\"eventId\":\"" + eventId + "\",\"propertyId\":\"hotel-a\","
                + "\"gatewayId\":\"gw-a1\",\"lockId\":\"sim-a-101\",\"seq\":42,\"type\":\"UNLOCKED\","
                + "\"priority\":\"NORMAL\",\"occurredAt\":\"2026-11-25T10:00:00.412Z\","
                + "\"attributes\":{\"credentialId\":\"mk-7f3a\",\"method\":\"mobile-key\"}}");
    }
}
