package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerEventLedgerTest {

    @TempDir
    Path dataArea;

    @Test
    void givenStoredEvents_whenTheSameOrEarlierSequenceOfThatEpochComesAgain_thenItIsKnownAndLaterOnesAreNot() throws Exception {
        try (ControllerEventLedger ledger = ControllerEventLedger.in(dataArea, "ctrl")) {
            assertThat(ledger.alreadyStored("c-1", 7, 1)).isFalse();
            ledger.stored("c-1", 7, 1);
            ledger.stored("c-1", 7, 2);

            assertThat(ledger.alreadyStored("c-1", 7, 1)).isTrue();
            assertThat(ledger.alreadyStored("c-1", 7, 2)).isTrue();
            assertThat(ledger.alreadyStored("c-1", 7, 3)).isFalse();
            assertThat(ledger.alreadyStored("c-1", 8, 1)).as("another epoch").isFalse();
            assertThat(ledger.alreadyStored("c-2", 7, 1)).as("another controller").isFalse();
        }
    }

    @Test
    void givenAGatewayRestart_whenTheLedgerIsReadAgain_thenItStillKnowsWhatWasStored() throws Exception {
        try (ControllerEventLedger ledger = ControllerEventLedger.in(dataArea, "ctrl")) {
            ledger.stored("c-1", 7, 41);
            ledger.stored("c-1", 7, 42);
        }
        try (ControllerEventLedger again = ControllerEventLedger.in(dataArea, "ctrl")) {
            assertThat(again.alreadyStored("c-1", 7, 42)).isTrue();
            assertThat(again.alreadyStored("c-1", 7, 43)).isFalse();
        }
        assertThat(ControllerEventLedger.in(dataArea, "other").alreadyStored("c-1", 7, 1)).as("per adapter").isFalse();
    }

    @Test
    void givenANewEpoch_whenItsFirstEventIsStored_thenTheOldNumberingIsForgotten() throws Exception {
        try (ControllerEventLedger ledger = ControllerEventLedger.in(dataArea, "ctrl")) {
            ledger.stored("c-1", 7, 500);
            ledger.stored("c-1", 9, 1);

            assertThat(ledger.alreadyStored("c-1", 9, 1)).isTrue();
            assertThat(ledger.alreadyStored("c-1", 9, 2)).isFalse();
            assertThat(ledger.alreadyStored("c-1", 7, 3)).isFalse();
        }
        try (ControllerEventLedger again = ControllerEventLedger.in(dataArea, "ctrl")) {
            assertThat(again.alreadyStored("c-1", 9, 1)).isTrue();
        }
    }

    @Test
    void givenATornOrForeignLedgerFile_whenItIsRead_thenItIsIgnoredSoNoEventIsDropped() throws Exception {
        Path file = dataArea.resolve("tcp-events-ctrl.ledger");
        try (ControllerEventLedger ledger = ControllerEventLedger.in(dataArea, "ctrl")) {
            ledger.stored("c-1", 7, 42);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x01;
        Files.write(file, bytes);
        assertThat(ControllerEventLedger.in(dataArea, "ctrl").alreadyStored("c-1", 7, 42)).isFalse();

        Files.writeString(file, "garbage");
        assertThat(ControllerEventLedger.in(dataArea, "ctrl").alreadyStored("c-1", 7, 1)).isFalse();
        Files.write(file, new byte[0]);
        assertThat(ControllerEventLedger.in(dataArea, "ctrl").alreadyStored("c-1", 7, 1)).isFalse();
    }

    @Test
    void givenNoPersistentStorage_whenEventsAreStored_thenTheyAreRememberedInMemory() throws Exception {
        try (ControllerEventLedger ledger = ControllerEventLedger.in(null, "ctrl")) {
            ledger.stored("c-1", 7, 3);
            assertThat(ledger.alreadyStored("c-1", 7, 3)).isTrue();
        }
    }
}
