package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.tcp.protocol.EventCode;
import com.nexefii.lock.tcp.protocol.Opcode;
import com.nexefii.lock.tcp.protocol.Status;

class ProtocolMappingTest {

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void givenEveryLockApiCommand_whenMapped_thenItHasAnOpcode(CommandType type) {
        assertThat(ProtocolMapping.opcode(type)).isPresent();
    }

    @Test
    void givenOnlyUnlock_whenAskedForIdempotence_thenItIsTheOneCommandNeverRetriedBlindly() {
        assertThat(Arrays.stream(Opcode.values()).filter(o -> !o.idempotent())).containsExactly(Opcode.UNLOCK);
    }

    @Test
    void givenEveryStatus_whenMapped_thenTheOutcomeSaysWhatTheCallerCanDo() {
        assertThat(ProtocolMapping.outcome(Status.OK)).isEqualTo(Outcome.OK);
        assertThat(ProtocolMapping.outcome(Status.JAMMED)).isEqualTo(Outcome.JAMMED);
        assertThat(ProtocolMapping.outcome(Status.UNKNOWN_UNIT)).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(ProtocolMapping.outcome(Status.UNSUPPORTED)).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(ProtocolMapping.outcome(Status.INVALID_PARAMETERS)).isEqualTo(Outcome.INVALID);
        assertThat(ProtocolMapping.outcome(Status.UNIT_OFFLINE)).isEqualTo(Outcome.UNREACHABLE);
        for (Status refusal : new Status[] { Status.REJECTED, Status.BUSY, Status.MEMORY_FULL, Status.LOCKDOWN_ACTIVE,
                Status.INTERNAL_ERROR, Status.UNRECOGNIZED }) {
            assertThat(ProtocolMapping.outcome(refusal)).as(refusal.name()).isEqualTo(Outcome.REJECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(value = EventCode.class, mode = EnumSource.Mode.EXCLUDE, names = "UNRECOGNIZED")
    void givenEveryKnownEventCode_whenMapped_thenItBecomesALockEvent(EventCode code) {
        assertThat(ProtocolMapping.eventType(code)).isPresent();
    }

    @Test
    void givenUnitLifecycleEvents_whenMapped_thenTheyAreTheLockLifecycleEvents() {
        assertThat(ProtocolMapping.eventType(EventCode.UNIT_OFFLINE)).contains(LockEventType.LOCK_OFFLINE);
        assertThat(ProtocolMapping.eventType(EventCode.UNIT_ADDED)).contains(LockEventType.LOCK_ADDED);
        assertThat(ProtocolMapping.eventType(EventCode.UNRECOGNIZED)).isEmpty();
    }

    @Test
    void givenARelockDuration_whenConverted_thenItIsRoundedUpToWholeSeconds() {
        assertThat(ProtocolMapping.relockSeconds(null)).isZero();
        assertThat(ProtocolMapping.relockSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ProtocolMapping.relockSeconds(Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(ProtocolMapping.relockSeconds(Duration.ofMillis(5001))).isEqualTo(6);
    }

    @Test
    void givenCommandsThatCannotBeEncoded_whenChecked_thenTheReasonIsGiven() {
        assertThat(ProtocolMapping.invalidReason(CommandType.UNLOCK, Duration.ofDays(2), null)).isPresent();
        assertThat(ProtocolMapping.invalidReason(CommandType.SET_CREDENTIAL, null, Credential.pin("u", null)))
                .contains("a PIN credential needs its digits");
        assertThat(ProtocolMapping.invalidReason(CommandType.SET_CREDENTIAL, null, Credential.card("x".repeat(200))))
                .isPresent();
        assertThat(ProtocolMapping.invalidReason(CommandType.SET_CREDENTIAL, null, Credential.card("04A1B2"))).isEmpty();
    }

    @Test
    void givenControllerAttributes_whenFiltered_thenOnlyThoseTheLockApiKnowsPass() {
        assertThat(ProtocolMapping.allowedAttributes(Map.of("percent", "9", "pin", "1234", "method", "pin")))
                .containsOnlyKeys("percent", "method");
    }
}
