package com.nexefii.cloud.domain.model.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RolloutTest {

    private static final Instant SENT = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<Rollout.Target> TWO = List.of(new Rollout.Target(new PropertyId("hotel-a"), "gw-a1"),
            new Rollout.Target(new PropertyId("hotel-b"), "gw-b1"));

    static Rollout at(int position, RolloutState state) {
        return new Rollout(UUID.randomUUID(), UUID.randomUUID(), state, TWO, position, UUID.randomUUID(), SENT,
                Duration.ofMinutes(5), "platform-admin", SENT, null, null, null);
    }

    @ParameterizedTest
    @EnumSource(value = PackageStage.class, names = { "INSTALLED", "UPDATED", "UNCHANGED" })
    void givenTheFirstGatewaySucceeded_whenDecided_thenTheNextGatewayIsDue(PackageStage stage) {
        assertThat(at(0, RolloutState.RUNNING).decide(stage)).isEqualTo(Rollout.Decision.NEXT);
    }

    @Test
    void givenTheLastGatewaySucceeded_whenDecided_thenTheRolloutIsComplete() {
        assertThat(at(1, RolloutState.RUNNING).decide(PackageStage.UPDATED)).isEqualTo(Rollout.Decision.COMPLETE);
    }

    @ParameterizedTest
    @EnumSource(value = PackageStage.class, names = { "REFUSED", "ROLLED_BACK", "FAILED", "TIMEOUT" })
    void givenTheFirstGatewayFailed_whenDecided_thenTheRolloutStopsThere(PackageStage stage) {
        assertThat(at(0, RolloutState.RUNNING).decide(stage)).isEqualTo(Rollout.Decision.STOP);
    }

    @ParameterizedTest
    @EnumSource(value = PackageStage.class, names = { "SENT", "DOWNLOADING", "VERIFYING", "INSTALLING", "HEALTH_CHECK" })
    void givenProgress_whenDecided_thenTheRolloutWaits(PackageStage stage) {
        assertThat(at(0, RolloutState.RUNNING).decide(stage)).isEqualTo(Rollout.Decision.WAIT);
    }

    @Test
    void givenAStoppedRollout_whenALateSuccessArrives_thenNothingMoves() {
        assertThat(at(0, RolloutState.STOPPED).decide(PackageStage.UPDATED)).isEqualTo(Rollout.Decision.WAIT);
    }

    @Test
    void givenNoResult_whenTheStepTimeoutPassed_thenTheRolloutIsOverdue() {
        Rollout r = at(0, RolloutState.RUNNING);
        assertThat(r.overdue(SENT.plus(Duration.ofMinutes(5)).minusMillis(1))).isFalse();
        assertThat(r.overdue(SENT.plus(Duration.ofMinutes(5)))).isTrue();
    }
}
