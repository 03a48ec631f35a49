package com.nexefii.lock.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LockCommandTest {

    @Test
    void givenCredentialCommandWithoutCredential_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> new LockCommand("c1", "l1", CommandType.SET_CREDENTIAL, Instant.now(), null, null,
                "test")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a credential");
    }

    @Test
    void givenNonPositiveRelock_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> LockCommand.unlock("l1", Duration.ZERO, Duration.ofSeconds(1), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relockAfter");
    }

    @Test
    void givenDeadlineInThePast_whenAsked_thenExpiredWithNothingRemaining() {
        LockCommand command = new LockCommand("c1", "l1", CommandType.LOCK, Instant.now().minusSeconds(1), null,
                null, "test");
        assertThat(command.expired()).isTrue();
        assertThat(command.remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void givenPinCredential_whenPrinted_thenSecretIsMasked() {
        assertThat(Credential.pin("user-7", "123456").toString()).doesNotContain("123456").contains("****");
    }

    @Test
    void givenSecurityEvents_whenAskedPriority_thenSecurity() {
        assertThat(LockEventType.DOOR_FORCED.priority()).isEqualTo(Priority.SECURITY);
        assertThat(LockEventType.ACCESS_DENIED.priority()).isEqualTo(Priority.SECURITY);
        assertThat(LockEventType.BATTERY_LEVEL.priority()).isEqualTo(Priority.TELEMETRY);
    }
}
