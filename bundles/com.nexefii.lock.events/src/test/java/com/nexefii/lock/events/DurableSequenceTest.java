package com.nexefii.lock.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableSequenceTest {

    @TempDir
    Path dir;

    @Test
    void givenNoFile_whenNumbersAreDrawn_thenTheyStartAtOneAndRiseByOne() throws IOException {
        DurableSequence sequence = new DurableSequence(dir, 3);

        assertThat(new long[] { sequence.next(), sequence.next(), sequence.next(), sequence.next() })
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void givenARestartInsideABlock_whenNumbersAreDrawn_thenTheyContinueAboveEverythingReserved() throws IOException {
        DurableSequence before = new DurableSequence(dir, 10);
        before.next();
        before.next();

        DurableSequence after = new DurableSequence(dir, 10);

        assertThat(after.next()).isEqualTo(11);
    }

    @Test
    void givenNumbersContinuedBelowTheReservation_whenRestartedWithoutTheStore_thenItStillStartsAboveEverythingReserved()
            throws IOException {
        DurableSequence before = new DurableSequence(dir, 10);
        before.continueAfter(4);
        assertThat(before.next()).isEqualTo(5);

        DurableSequence alone = new DurableSequence(dir, 10);

        assertThat(alone.next()).isGreaterThan(10);
    }

    @Test
    void givenAStoreAheadOfTheReservation_whenContinued_thenNumbersFollowItAndARestartAloneStaysAboveThem()
            throws IOException {
        DurableSequence before = new DurableSequence(dir, 10);
        before.continueAfter(1_000);
        assertThat(before.next()).isEqualTo(1_001);

        assertThat(new DurableSequence(dir, 10).next()).isGreaterThan(1_001);
    }

    @Test
    void givenARaiseBelowTheNextNumber_whenDrawn_thenNumbersNeverGoBack() throws IOException {
        DurableSequence sequence = new DurableSequence(dir, 10);
        sequence.next();
        sequence.next();

        sequence.raiseTo(1);

        assertThat(sequence.next()).isEqualTo(3);
    }

    @Test
    void givenManyRestarts_whenNumbersAreDrawn_thenNoneIsEverReused() throws IOException {
        long last = 0;
        for (int restart = 0; restart < 20; restart++) {
            DurableSequence sequence = new DurableSequence(dir, 4);
            for (int i = 0; i < restart % 7; i++) {
                long n = sequence.next();
                assertThat(n).isGreaterThan(last);
                last = n;
            }
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly(DurableSequence.FILE_NAME);
    }

    @Test
    void givenACorruptFile_whenOpened_thenItRefusesRatherThanStartingOver() throws IOException {
        Files.writeString(dir.resolve(DurableSequence.FILE_NAME), "garbage");

        assertThatThrownBy(() -> new DurableSequence(dir, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt sequence file");
    }

    @Test
    void givenAMissingDirectory_whenOpened_thenItIsCreated() throws IOException {
        DurableSequence sequence = new DurableSequence(dir.resolve("a/b"), 10);

        assertThat(sequence.next()).isEqualTo(1);
        assertThat(dir.resolve("a/b").resolve(DurableSequence.FILE_NAME)).hasContent("11");
    }
}
