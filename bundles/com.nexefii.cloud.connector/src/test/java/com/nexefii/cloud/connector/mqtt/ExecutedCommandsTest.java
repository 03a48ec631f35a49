package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutedCommandsTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void givenAnExecutedCommand_whenTheGatewayRestarts_thenItIsStillKnown() throws Exception {
        try (ExecutedCommands set = new ExecutedCommands(dir, Duration.ofMinutes(10), clock)) {
            set.add("c-1", clock.instant().plusSeconds(30));
        }
        try (ExecutedCommands reopened = new ExecutedCommands(dir, Duration.ofMinutes(10), clock)) {
            assertThat(reopened.contains("c-1")).isTrue();
            assertThat(reopened.contains("c-2")).isFalse();
        }
    }

    @Test
    void givenATornLastLine_whenReopened_thenOnlyThatLineIsDropped() throws Exception {
        try (ExecutedCommands set = new ExecutedCommands(dir, Duration.ofMinutes(10), clock)) {
            set.add("c-1", clock.instant().plusSeconds(30));
            set.add("c-2", clock.instant().plusSeconds(30));
        }
        Path file = dir.resolve(ExecutedCommands.FILE_NAME);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(Files.size(file) - 4);
        }
        try (ExecutedCommands reopened = new ExecutedCommands(dir, Duration.ofMinutes(10), clock)) {
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void givenCommandsLongExpired_whenReopened_thenForgotten() throws Exception {
        try (ExecutedCommands set = new ExecutedCommands(dir, Duration.ofMinutes(10), clock)) {
            set.add("old", clock.instant().minus(Duration.ofHours(1)));
            set.add("recent", clock.instant().minus(Duration.ofMinutes(5)));
        }
        try (ExecutedCommands reopened = new ExecutedCommands(dir, Duration.ofMinutes(10), clock)) {
            assertThat(reopened.contains("old")).isFalse();
            assertThat(reopened.contains("recent")).isTrue();
        }
    }
}
