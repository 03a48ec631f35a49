package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The store's cursor moves only over a contiguous prefix of what the cloud (or the broker) acknowledged. */
class ForwardingWindowTest {

    /** Offsets 10, 20, 30, 40 carry seqs 101..104. */
    private static ForwardingWindow fourInFlight() {
        ForwardingWindow w = new ForwardingWindow();
        for (int i = 0; i < 4; i++) {
            w.sent(10L * (i + 1), 101 + i, 1_000 + i);
        }
        return w;
    }

    @Test
    void givenTheCloudAcknowledgesEverything_whenItsAckArrives_thenTheCursorMovesToTheLastEvent() {
        ForwardingWindow w = fourInFlight();
        ForwardingWindow.Progress p = w.acknowledgeSeqs(List.<long[]>of(new long[] { 101, 104 }));
        assertThat(p.acknowledged()).isEqualTo(4);
        assertThat(p.cursor()).isEqualTo(40);
        assertThat(w.size()).isZero();
    }

    @Test
    void givenAnEventTheCloudNeverGot_whenLaterOnesAreAcknowledged_thenTheCursorStopsBeforeIt() {
        ForwardingWindow w = fourInFlight();
        // 102 was dropped on the way: 101, 103 and 104 are in the cloud's database
        ForwardingWindow.Progress p = w.acknowledgeSeqs(List.of(new long[] { 103, 104 }, new long[] { 101, 101 }));
        assertThat(p.cursor()).isEqualTo(10);
        assertThat(w.size()).isEqualTo(3);
        // sent again and acknowledged: now the rest goes too
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 102, 102 })).cursor()).isEqualTo(40);
    }

    @Test
    void givenOnlyBrokerPubacksInCloudMode_whenNoEvtAckArrives_thenNothingMovesAndTheOldestBecomesOverdue() {
        ForwardingWindow w = fourInFlight();
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 1, 100 })).cursor()).isEqualTo(ForwardingWindow.NO_MOVE);
        assertThat(w.overdue(1_000 + 500, 1_000)).isFalse();
        assertThat(w.overdue(1_000 + 1_001, 1_000)).isTrue();
    }

    @Test
    void givenAnAckThatArrivesTwice_whenCounted_thenEachEventIsAcknowledgedOnce() {
        ForwardingWindow w = fourInFlight();
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 102, 103 })).acknowledged()).isEqualTo(2);
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 102, 103 })).acknowledged()).isZero();
        assertThat(w.size()).isEqualTo(4);
    }

    @Test
    void givenBrokerMode_whenPubacksArriveOutOfOrder_thenTheCursorFollowsTheContiguousPrefix() {
        ForwardingWindow w = fourInFlight();
        assertThat(w.acknowledgeOffset(20).cursor()).isEqualTo(ForwardingWindow.NO_MOVE);
        assertThat(w.acknowledgeOffset(10).cursor()).isEqualTo(20);
        assertThat(w.acknowledgeOffset(40).cursor()).isEqualTo(ForwardingWindow.NO_MOVE);
        assertThat(w.acknowledgeOffset(30).cursor()).isEqualTo(40);
    }

    @Test
    void givenAPublishThatFailed_whenUnsent_thenItLeavesTheWindow() {
        ForwardingWindow w = fourInFlight();
        w.unsent();
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 101, 104 })).cursor()).isEqualTo(30);
    }

    @Test
    void givenOverlappingRangesAndOneWiderThanTheWindow_whenAcknowledged_thenEachEventCountsOnce() {
        ForwardingWindow w = fourInFlight();
        ForwardingWindow.Progress p = w.acknowledgeSeqs(List.of(new long[] { 101, 102 }, new long[] { 102, 103 },
                new long[] { 0, Long.MAX_VALUE - 1 }));
        assertThat(p.acknowledged()).isEqualTo(4);
        assertThat(p.cursor()).isEqualTo(40);
        assertThat(w.size()).isZero();
    }

    @Test
    void givenTwoEventsWithTheSameSeq_whenThatSeqIsAcknowledged_thenBothAreAndTheWindowStaysConsistent() {
        ForwardingWindow w = new ForwardingWindow();
        w.sent(10, 7, 0);
        w.sent(20, 7, 0);
        w.sent(30, 8, 0);
        w.unsent();
        w.sent(30, 8, 0);
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 7, 7 })).cursor()).isEqualTo(20);
        assertThat(w.acknowledgeOffset(30).cursor()).isEqualTo(30);
        assertThat(w.size()).isZero();
        // nothing of the old entries is left behind in the indexes
        w.sent(40, 7, 0);
        assertThat(w.acknowledgeSeqs(List.<long[]>of(new long[] { 7, 7 })).acknowledged()).isEqualTo(1);
    }

    @Test
    void givenAPubackForAnOffsetNotInFlight_whenReceived_thenNothingMoves() {
        ForwardingWindow w = fourInFlight();
        ForwardingWindow.Progress p = w.acknowledgeOffset(15);
        assertThat(p.acknowledged()).isZero();
        assertThat(p.cursor()).isEqualTo(ForwardingWindow.NO_MOVE);
        assertThat(w.size()).isEqualTo(4);
    }
}
