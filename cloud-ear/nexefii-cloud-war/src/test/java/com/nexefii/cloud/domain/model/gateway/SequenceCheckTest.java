package com.nexefii.cloud.domain.model.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceCheckTest {

    @Test
    void givenNoEventYet_whenFirstArrives_thenFirst() {
        assertThat(SequenceCheck.of(null, 42).kind()).isEqualTo(SequenceCheck.Kind.FIRST);
    }

    @Test
    void givenLastSeq_whenNextArrives_thenNext() {
        assertThat(SequenceCheck.of(41L, 42)).isEqualTo(new SequenceCheck(SequenceCheck.Kind.NEXT, 0));
    }

    @Test
    void givenLastSeq_whenSeqJumps_thenGapWithMissingCount() {
        assertThat(SequenceCheck.of(10L, 15)).isEqualTo(new SequenceCheck(SequenceCheck.Kind.GAP, 4));
    }

    @Test
    void givenLastSeq_whenOldSeqArrivesAgain_thenReplay() {
        assertThat(SequenceCheck.of(10L, 10).kind()).isEqualTo(SequenceCheck.Kind.REPLAY);
        assertThat(SequenceCheck.of(10L, 3).kind()).isEqualTo(SequenceCheck.Kind.REPLAY);
    }
}
