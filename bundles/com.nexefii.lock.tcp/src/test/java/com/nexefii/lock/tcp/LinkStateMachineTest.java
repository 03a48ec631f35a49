package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinkStateMachineTest {

    private final List<String> transitions = new ArrayList<>();
    private final LinkStateMachine machine = new LinkStateMachine((from, to) -> transitions.add(from + ">" + to));

    @Test
    void givenANewLink_whenItConnectsLosesTheSessionAndReconnects_thenEveryStepIsAllowedAndReported() {
        assertThat(machine.state()).isEqualTo(LinkState.IDLE);

        assertThat(machine.to(LinkState.CONNECTING)).isTrue();
        assertThat(machine.to(LinkState.HANDSHAKING)).isTrue();
        assertThat(machine.to(LinkState.READY)).isTrue();
        assertThat(machine.to(LinkState.BACKING_OFF)).isTrue();
        assertThat(machine.to(LinkState.CONNECTING)).isTrue();
        assertThat(machine.to(LinkState.BACKING_OFF)).isTrue();

        assertThat(transitions).containsExactly("IDLE>CONNECTING", "CONNECTING>HANDSHAKING", "HANDSHAKING>READY",
                "READY>BACKING_OFF", "BACKING_OFF>CONNECTING", "CONNECTING>BACKING_OFF");
    }

    @Test
    void givenAStateThatSkipsTheHandshake_whenRequested_thenItIsABug() {
        machine.to(LinkState.CONNECTING);

        assertThatThrownBy(() -> machine.to(LinkState.READY)).isInstanceOf(IllegalStateException.class)
                .hasMessage("link cannot go from CONNECTING to READY");
        assertThat(machine.state()).isEqualTo(LinkState.CONNECTING);
    }

    @Test
    void givenReady_whenAskedToGoStraightBackToConnecting_thenItMustBackOffFirst() {
        machine.to(LinkState.CONNECTING);
        machine.to(LinkState.HANDSHAKING);
        machine.to(LinkState.READY);

        assertThatThrownBy(() -> machine.to(LinkState.CONNECTING)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(value = LinkState.class, names = { "IDLE", "CONNECTING", "HANDSHAKING", "READY", "BACKING_OFF" })
    void givenAnyLiveState_whenStopped_thenTheMachineIsStoppedAndRefusesEveryLaterTransitionQuietly(LinkState state) {
        walkTo(state);

        assertThat(machine.stop()).isTrue();
        assertThat(machine.stop()).isFalse();
        assertThat(machine.to(LinkState.CONNECTING)).isFalse();
        assertThat(machine.to(LinkState.BACKING_OFF)).isFalse();
        assertThat(machine.state()).isEqualTo(LinkState.STOPPED);
        assertThat(transitions).last().isEqualTo(state + ">STOPPED");
    }

    @Test
    void givenALiveMachine_whenSomethingAsksForStoppedThroughTo_thenItMustUseStop() {
        assertThatThrownBy(() -> machine.to(LinkState.STOPPED)).isInstanceOf(IllegalStateException.class);
    }

    private void walkTo(LinkState state) {
        List<LinkState> path = switch (state) {
            case IDLE -> List.of();
            case CONNECTING -> List.of(LinkState.CONNECTING);
            case HANDSHAKING -> List.of(LinkState.CONNECTING, LinkState.HANDSHAKING);
            case READY -> List.of(LinkState.CONNECTING, LinkState.HANDSHAKING, LinkState.READY);
            case BACKING_OFF -> List.of(LinkState.CONNECTING, LinkState.BACKING_OFF);
            case STOPPED -> throw new IllegalArgumentException();
        };
        path.forEach(machine::to);
    }
}
