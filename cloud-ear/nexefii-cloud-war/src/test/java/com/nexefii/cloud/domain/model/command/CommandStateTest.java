package com.nexefii.cloud.domain.model.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandStateTest {

    @Test
    void givenQueuedCommand_whenBrokerAndGatewayAnswer_thenItMovesForwardOnly() {
        assertThat(CommandState.QUEUED.canMoveTo(CommandState.SENT)).isTrue();
        assertThat(CommandState.SENT.canMoveTo(CommandState.ACKED)).isTrue();
        assertThat(CommandState.ACKED.canMoveTo(CommandState.DONE)).isTrue();
        assertThat(CommandState.ACKED.canMoveTo(CommandState.SENT)).isFalse();
        assertThat(CommandState.SENT.canMoveTo(CommandState.QUEUED)).isFalse();
    }

    @Test
    void givenFinalCommand_whenLateResultArrives_thenNoTransitionIsAllowed() {
        for (CommandState end : new CommandState[] { CommandState.DONE, CommandState.FAILED, CommandState.EXPIRED }) {
            assertThat(end.isFinal()).isTrue();
            assertThat(end.next()).isEmpty();
        }
    }

    @Test
    void givenResultOvertakingBrokerAck_whenApplied_thenSentMayJumpToFinal() {
        assertThat(CommandState.SENT.canMoveTo(CommandState.DONE)).isTrue();
        assertThat(CommandState.QUEUED.canMoveTo(CommandState.EXPIRED)).isTrue();
    }

    @Test
    void givenOutcomes_whenMappedToStates_thenOnlyOkIsDoneAndExpiredIsExpired() {
        assertThat(Command.stateFor(CommandOutcome.OK)).isEqualTo(CommandState.DONE);
        assertThat(Command.stateFor(CommandOutcome.EXPIRED)).isEqualTo(CommandState.EXPIRED);
        for (CommandOutcome o : CommandOutcome.values()) {
            if (o != CommandOutcome.OK && o != CommandOutcome.EXPIRED) {
                assertThat(Command.stateFor(o)).as(o.name()).isEqualTo(CommandState.FAILED);
            }
        }
    }
}
