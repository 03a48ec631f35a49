package com.nexefii.cloud.connector.mqtt;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable set of command ids this gateway executed, each kept until its command expired (plus
 * a margin for clock steps): after that a replay is rejected as expired anyway. Written and forced
 * before a command executes, so a restart never reopens the replay window.
 *
 * <p>One line per id: {@code commandId expiresAtMillis crc32c}. A line whose checksum does not
 * match (torn by a power cut: its command was never executed) is dropped at load.
 */
final class ExecutedCommands implements AutoCloseable {

    static final String FILE_NAME = "executed-commands";
    private static final Logger LOG = LoggerFactory.getLogger(ExecutedCommands.class);

    private final Path file;
    private final Duration margin;
    private final Clock clock;
    private final Map<String, Long> expiries = new HashMap<>();
    private RandomAccessFile out;
    private long lines;

    ExecutedCommands(Path directory, Duration margin, Clock clock) throws IOException {
        Files.createDirectories(directory);
        this.file = directory.resolve(FILE_NAME);
        this.margin = margin;
        this.clock = clock;
        load();
        rewrite();
    }

    synchronized boolean contains(String commandId) {
        Long expiry = expiries.get(commandId);
        return expiry != null && expiry + margin.toMillis() >= clock.millis();
    }

    /** Remembers a command id durably; returns once it is on disk. */
    synchronized void add(String commandId, Instant expiresAt) throws IOException {
        if (commandId.indexOf(' ') >= 0 || commandId.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("command id with a separator: " + commandId);
        }
        out.seek(out.length());
        out.write(line(commandId, expiresAt.toEpochMilli()));
        out.getFD().sync();
        expiries.put(commandId, expiresAt.toEpochMilli());
        lines++;
        if (lines > 2L * expiries.size() + 1000) {
            prune();
            rewrite();
        }
    }

    synchronized int size() {
        return expiries.size();
    }

    private void prune() {
        long now = clock.millis();
        expiries.values().removeIf(expiry -> expiry + margin.toMillis() < now);
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.US_ASCII);
        int bad = 0;
        for (String l : all) {
            String[] parts = l.split(" ");
            if (parts.length != 3) {
                bad++;
                continue;
            }
            try {
                long expiry = Long.parseLong(parts[1]);
                if (!parts[2].equals(crc(parts[0], expiry))) {
                    bad++;
                    continue;
                }
                expiries.merge(parts[0], expiry, Math::max);
            } catch (NumberFormatException e) {
                bad++;
            }
        }
        if (bad > 0) {
            LOG.warn("Executed command ids {}: dropped {} torn or corrupt lines", file, bad);
        }
        prune();
    }

    /** Writes the live ids to a new file and swaps it in atomically. */
    private void rewrite() throws IOException {
        if (out != null) {
            out.close();
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (RandomAccessFile t = new RandomAccessFile(tmp.toFile(), "rw")) {
            t.setLength(0);
            for (Map.Entry<String, Long> e : expiries.entrySet()) {
                t.write(line(e.getKey(), e.getValue()));
            }
            t.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        out = new RandomAccessFile(file.toFile(), "rw");
        out.getFD().sync();
        lines = expiries.size();
    }

    private static byte[] line(String commandId, long expiry) {
        return (commandId + " " + expiry + " " + crc(commandId, expiry) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String crc(String commandId, long expiry) {
        CRC32C crc = new CRC32C();
        crc.update((commandId + " " + expiry).getBytes(StandardCharsets.US_ASCII));
        return Long.toHexString(crc.getValue());
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
