package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Outcome;

/** The lock's own status codes as outcomes and as the words an operator reads. */
class DoorLockStatusTest {

    @ParameterizedTest(name = "given {0} answering {1}, then {2} ({3})")
    @CsvSource({
            "LOCK,             0x00, OK,          SUCCESS (0x00)",
            "LOCK,             0x01, REJECTED,    FAILURE (0x01)",
            "SET_CREDENTIAL,   0x02, REJECTED,    DUPLICATE (0x02)",
            "SET_CREDENTIAL,   0x03, REJECTED,    OCCUPIED (0x03)",
            "UNLOCK,           0x7E, REJECTED,    NOT_AUTHORIZED (0x7E)",
            "SET_CREDENTIAL,   0x80, INVALID,     MALFORMED_COMMAND (0x80)",
            "SET_CREDENTIAL,   0x81, UNSUPPORTED, UNSUP_CLUSTER_COMMAND (0x81)",
            "SET_CREDENTIAL,   0x85, INVALID,     INVALID_FIELD (0x85)",
            "LOCKDOWN_ON,      0x86, UNSUPPORTED, UNSUPPORTED_ATTRIBUTE (0x86)",
            "LOCKDOWN_ON,      0x87, INVALID,     INVALID_VALUE (0x87)",
            "LOCKDOWN_ON,      0x88, UNSUPPORTED, READ_ONLY (0x88)",
            "SET_CREDENTIAL,   0x89, REJECTED,    RESOURCE_EXHAUSTED (0x89)",
            "CLEAR_CREDENTIAL, 0x8B, OK,          NOT_FOUND (0x8B)",
            "SET_CREDENTIAL,   0x8B, REJECTED,    NOT_FOUND (0x8B)",
            "UNLOCK,           0x93, REJECTED,    ACTION_DENIED (0x93)",
            "UNLOCK,           0x94, TIMEOUT,     TIMEOUT (0x94)",
            "UNLOCK,           0xC3, REJECTED,    STATUS (0xC3)" })
    void givenALockStatus_thenOutcomeAndDescription(CommandType command, String status, Outcome outcome,
            String description) {
        int code = Integer.decode(status);

        assertThat(DoorLockStatus.outcome(command, code)).isEqualTo(outcome);
        assertThat(DoorLockStatus.describe(code)).isEqualTo(description);
    }
}
