package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Outcome;
import com.nexefii.mqtt.contract.Topics;

class CommandValidatorTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:10Z");
    static final String ID = "5f0c6a3e-8a1b-4c44-9f3e-0d8e2b1c7a10";
    static final String VALID = "{\"v\":1,\"commandId\":\"" + ID + "\",\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a1\","
            + "\"lockId\":\"sim-a-101\",\"type\":\"UNLOCK\",\"params\":{\"relockAfterSeconds\":5},"
            + "\"issuedAt\":\"2026-11-25T10:00:00Z\",\"expiresAt\":\"2026-11-25T10:00:30Z\",\"issuedBy\":\"staff-a\"}";

    private final CommandValidator validator = new CommandValidator("hotel-a", "gw-a1", Duration.ofHours(1));

    private CommandCheck check(String json) {
        return validator.check(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void givenTheContractExample_whenChecked_thenAcceptedAsALockCommand() {
        CommandCheck check = check(VALID);

        assertThat(check).isInstanceOfSatisfying(CommandCheck.Accepted.class, a -> {
            assertThat(a.command().commandId()).isEqualTo(ID);
            assertThat(a.command().type()).isEqualTo(CommandType.UNLOCK);
            assertThat(a.command().lockId()).isEqualTo("sim-a-101");
            assertThat(a.command().relockAfter()).isEqualTo(Duration.ofSeconds(5));
            assertThat(a.command().deadline()).isEqualTo(Instant.parse("2026-11-25T10:00:30Z"));
            assertThat(a.command().requestedBy()).isEqualTo("cloud:staff-a");
        });
    }

    @Test
    void givenAPayloadLargerThanTheContractLimit_whenChecked_thenRejectedUnreadWithAnAlarm() {
        byte[] big = new byte[Topics.MAX_PAYLOAD_BYTES + 1];

        assertThat(validator.check(big, NOW)).isInstanceOfSatisfying(CommandCheck.Unanswerable.class,
                u -> assertThat(u.reason()).isEqualTo("oversized"));
    }

    @Test
    void givenNotJson_whenChecked_thenUnanswerableMalformed() {
        assertThat(check("{\"v\":1, nope")).isInstanceOfSatisfying(CommandCheck.Unanswerable.class,
                u -> assertThat(u.reason()).isEqualTo("malformed"));
        assertThat(check("[1,2]")).isInstanceOfSatisfying(CommandCheck.Unanswerable.class,
                u -> assertThat(u.reason()).isEqualTo("malformed"));
    }

    @Test
    void givenDuplicateKeys_whenChecked_thenMalformedRatherThanGuessingWhichOneCounts() {
        String twice = VALID.replace("\"lockId\":\"sim-a-101\"", "\"lockId\":\"sim-a-101\",\"lockId\":\"sim-a-102\"");

        assertThat(check(twice)).isInstanceOf(CommandCheck.Unanswerable.class);
    }

    @Test
    void givenNoUsableCommandId_whenChecked_thenUnanswerable() {
        assertThat(check(VALID.replace(ID, "not-a-uuid"))).isInstanceOfSatisfying(CommandCheck.Unanswerable.class,
                u -> assertThat(u.reason()).isEqualTo("no-command-id"));
    }

    @Test
    void givenACommandForAnotherGateway_whenChecked_thenInvalidWrongGateway() {
        assertThat(check(VALID.replace("gw-a1", "gw-a2"))).isInstanceOfSatisfying(CommandCheck.Rejected.class, r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
            assertThat(r.reason()).isEqualTo("wrong-gateway");
            assertThat(r.commandId()).isEqualTo(ID);
        });
        assertThat(check(VALID.replace("hotel-a", "hotel-b"))).isInstanceOfSatisfying(CommandCheck.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("wrong-gateway"));
    }

    @Test
    void givenAnExpiredCommand_whenChecked_thenExpired() {
        CommandCheck check = validator.check(VALID.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-25T10:00:30Z"));

        assertThat(check).isInstanceOfSatisfying(CommandCheck.Rejected.class,
                r -> assertThat(r.outcome()).isEqualTo(Outcome.EXPIRED));
    }

    @Test
    void givenAnExpiryFarInTheFuture_whenChecked_thenInvalidSoTheReplaySetStaysBounded() {
        assertThat(check(VALID.replace("2026-11-25T10:00:30Z", "2099-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(CommandCheck.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo("expiry-too-far"));
    }

    @Test
    void givenSetCredentialWithoutCredential_whenChecked_thenInvalidParameters() {
        assertThat(check(VALID.replace("\"UNLOCK\"", "\"SET_CREDENTIAL\"")))
                .isInstanceOfSatisfying(CommandCheck.Rejected.class, r -> assertThat(r.reason()).isEqualTo("parameters"));
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("valid", VALID),
                Arguments.of("extra field", VALID.replace("\"v\":1,", "\"v\":1,\"sql\":\"drop\",")),
                Arguments.of("v 2", VALID.replace("\"v\":1", "\"v\":2")),
                Arguments.of("v string", VALID.replace("\"v\":1", "\"v\":\"1\"")),
                Arguments.of("wildcard gateway", VALID.replace("gw-a1", "#")),
                Arguments.of("upper-case property", VALID.replace("hotel-a", "Hotel-A")),
                Arguments.of("missing lockId", VALID.replace("\"lockId\":\"sim-a-101\",", "")),
                Arguments.of("bad lockId", VALID.replace("sim-a-101", "../etc")),
                Arguments.of("unknown type", VALID.replace("\"UNLOCK\"", "\"EXPLODE\"")),
                Arguments.of("relock 0", VALID.replace("\"relockAfterSeconds\":5", "\"relockAfterSeconds\":0")),
                Arguments.of("relock too long", VALID.replace("\"relockAfterSeconds\":5", "\"relockAfterSeconds\":3601")),
                Arguments.of("relock fraction", VALID.replace("\"relockAfterSeconds\":5", "\"relockAfterSeconds\":5.5")),
                Arguments.of("unknown param", VALID.replace("\"relockAfterSeconds\":5", "\"force\":true")),
                Arguments.of("pin letters", VALID.replace("\"relockAfterSeconds\":5", "\"pin\":\"12ab\"")),
                Arguments.of("pin ok", VALID.replace("\"relockAfterSeconds\":5", "\"pin\":\"123456\"")),
                Arguments.of("credential", VALID.replace("\"relockAfterSeconds\":5",
                        "\"credentialType\":\"CARD\",\"credentialId\":\"card-1\"")),
                Arguments.of("bad credential type", VALID.replace("\"relockAfterSeconds\":5", "\"credentialType\":\"EYE\"")),
                Arguments.of("no date", VALID.replace("2026-11-25T10:00:30Z", "tomorrow")),
                Arguments.of("date without zone", VALID.replace("2026-11-25T10:00:30Z", "2026-11-25T10:00:30")),
                Arguments.of("issuedBy number", VALID.replace("\"staff-a\"", "42")),
                Arguments.of("issuedBy too long", VALID.replace("staff-a", "x".repeat(257))),
                Arguments.of("params not object", VALID.replace("{\"relockAfterSeconds\":5}", "[5]")),
                Arguments.of("no params", VALID.replace("\"params\":{\"relockAfterSeconds\":5},", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void givenAPayload_whenCheckedByHandAndByTheContractSchema_thenBothAgree(String name, String json) throws Exception {
        JsonNode node = Payloads.JSON.readTree(json);

        boolean schemaValid = ContractSchemas.validate("command", node).isEmpty();
        boolean handValid = CommandValidator.schemaError(node) == null;

        assertThat(handValid).as("hand-written validator agrees with command.schema.json: "
                + CommandValidator.schemaError(node)).isEqualTo(schemaValid);
    }
}
