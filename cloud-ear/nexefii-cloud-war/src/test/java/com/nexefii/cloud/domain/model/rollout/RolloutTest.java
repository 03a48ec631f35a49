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
                Duration.ofMinutes(5), "platform-admin", SENT, null, null, null, null, null);
    }

    static Rollout waiting(int position, RolloutPolicy.OnOffline onOffline) {
        return new Rollout(UUID.randomUUID(), UUID.randomUUID(), RolloutState.RUNNING, TWO, position, null, null,
                Duration.ofMinutes(5), "platform-admin", SENT, null, null, null,
                new RolloutPolicy(Duration.ofMinutes(2), onOffline), null).waitingFrom(SENT);
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

    @Test
    void givenAGatewayOfflineAtItsTurn_whenWithinTheOfflineWait_thenTheRolloutWaitsForIt() {
        Rollout r = waiting(0, RolloutPolicy.OnOffline.STOP);
        assertThat(r.decideOffline(SENT.plus(Duration.ofMinutes(2)).minusMillis(1)))
                .isEqualTo(Rollout.OfflineDecision.WAIT);
        assertThat(r.waitingFrom(SENT.plusSeconds(60)).waitingSince()).as("the wait counts from the first look")
                .isEqualTo(SENT);
    }

    @Test
    void givenAGatewayStillOfflineAfterTheWait_whenThePolicyIsStop_thenTheRolloutStopsThere() {
        assertThat(waiting(0, RolloutPolicy.OnOffline.STOP).decideOffline(SENT.plus(Duration.ofMinutes(2))))
                .isEqualTo(Rollout.OfflineDecision.STOP);
    }

    @Test
    void givenAGatewayStillOfflineAfterTheWait_whenThePolicyIsSkip_thenTheNextGatewayIsDueOrTheRolloutCompletes() {
        Instant after = SENT.plus(Duration.ofMinutes(2));
        assertThat(waiting(0, RolloutPolicy.OnOffline.SKIP).decideOffline(after))
                .isEqualTo(Rollout.OfflineDecision.SKIP_TO_NEXT);
        assertThat(waiting(1, RolloutPolicy.OnOffline.SKIP).decideOffline(after))
                .isEqualTo(Rollout.OfflineDecision.SKIP_AND_COMPLETE);
        Rollout next = waiting(0, RolloutPolicy.OnOffline.SKIP).advanced();
        assertThat(next.current().gatewayId()).isEqualTo("gw-b1");
        assertThat(next.waitingSince()).as("the next gateway's wait starts afresh").isNull();
    }

    @Test
    void givenARunningRollout_whenCancelled_thenNothingMovesAndTheInFlightCommandIsKept() {
        Rollout r = at(0, RolloutState.RUNNING);
        Rollout cancelled = r.finished(RolloutState.CANCELLED, SENT.plusSeconds(1), r.current(), "CANCELLED by x");
        assertThat(cancelled.decide(PackageStage.UPDATED)).isEqualTo(Rollout.Decision.WAIT);
        assertThat(cancelled.currentCommandId()).as("its late result still finds its step").isEqualTo(r.currentCommandId());
        assertThat(cancelled.untouched()).isEqualTo(1);
        assertThat(cancelled.overdue(SENT.plus(Duration.ofHours(1)))).isFalse();
    }

    @Test
    void givenNoPolicy_whenCreated_thenItWaitsFiveMinutesThenStops() {
        assertThat(at(0, RolloutState.RUNNING).policy()).isEqualTo(RolloutPolicy.DEFAULT);
        assertThat(RolloutPolicy.DEFAULT.onOffline()).isEqualTo(RolloutPolicy.OnOffline.STOP);
    }
}
