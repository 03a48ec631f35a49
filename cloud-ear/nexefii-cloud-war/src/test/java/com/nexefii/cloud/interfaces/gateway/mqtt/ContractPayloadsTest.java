package com.nexefii.cloud.interfaces.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.command.Command;
import com.nexefii.cloud.domain.model.command.CommandState;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.messaging.mqtt.MqttBridge;
import com.nexefii.mqtt.contract.Channel;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cloud's payloads against the shared contract schemas (module com.nexefii.mqtt.contract). */
class ContractPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContractValidator validator = new ContractValidator();

    @Test
    void givenUnlockCommandWithRelock_whenRendered_thenValidAgainstCommandSchema() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        Command c = new Command(UUID.randomUUID(), new PropertyId("hotel-a"), "gw-a1", "sim-a-101", CommandType.UNLOCK,
                Map.of("relockAfterSeconds", "5"), CommandState.QUEUED, null, "staff-a", now, now.plusSeconds(30), null,
                null, "key-12345678");
        JsonNode doc = JSON.valueToTree(MqttBridge.commandDocument(c));
        assertThat(validator.violations(Channel.CMD, doc)).isEmpty();
        assertThat(doc.path("params").path("relockAfterSeconds").isInt()).isTrue();
    }

    @Test
    void givenContractEventExample_whenParsed_thenAuditEventKeepsIdsSeqAndAttributes() throws Exception {
        JsonNode evt = JSON.readTree("{\"v\":1,\"eventId\":\"0b6f8f3c-2f7e-4f0a-9a51-3f4d5e6a7b8c\",\"propertyId\":\"hotel-a\","
                + "\"gatewayId\":\"gw-a1\",\"lockId\":\"sim-a-101\",\"seq\":4711,\"type\":\"UNLOCKED\",\"priority\":\"NORMAL\","
                + "\"occurredAt\":\"2026-11-25T10:00:00.412Z\",\"attributes\":{\"credentialId\":\"mk-7f3a\",\"method\":\"mobile-key\"}}");
        assertThat(validator.violations(Channel.EVT, evt)).isEmpty();
        AuditEvent e = GatewayMessages.event(new PropertyId("hotel-a"), evt);
        assertThat(e.eventId()).isEqualTo(UUID.fromString("0b6f8f3c-2f7e-4f0a-9a51-3f4d5e6a7b8c"));
        assertThat(e.seq()).isEqualTo(4711L);
        assertThat(e.source()).isEqualTo(AuditEvent.Source.GATEWAY);
        assertThat(e.attributes()).containsEntry("method", "mobile-key");
    }

    @Test
    void givenResultWithoutOutcomeOrUnknownField_whenValidated_thenViolations() throws Exception {
        JsonNode noOutcome = JSON.readTree("{\"v\":1,\"eventId\":\"0b6f8f3c-2f7e-4f0a-9a51-3f4d5e6a7b8c\",\"propertyId\":\"hotel-a\","
                + "\"gatewayId\":\"gw-a1\",\"seq\":1,\"type\":\"COMMAND_RESULT\",\"priority\":\"NORMAL\","
                + "\"occurredAt\":\"2026-11-25T10:00:00Z\",\"commandId\":\"0b6f8f3c-2f7e-4f0a-9a51-3f4d5e6a7b8c\"}");
        assertThat(validator.violations(Channel.EVT, noOutcome)).isNotEmpty();
        JsonNode injected = JSON.readTree("{\"v\":1,\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a1\",\"state\":\"ONLINE\","
                + "\"at\":\"2026-11-25T10:00:00Z\",\"sql\":\"drop table audit_events\"}");
        assertThat(validator.violations(Channel.STATUS, injected)).isNotEmpty();
    }
}
