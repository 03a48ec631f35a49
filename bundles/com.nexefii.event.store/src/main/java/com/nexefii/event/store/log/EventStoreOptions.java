package com.nexefii.event.store.log;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import com.nexefii.event.store.DurabilityMode;

/**
 * The store's configuration, checked once.
 *
 * @param directory where the segment files live
 * @param mode what a returned append promises
 * @param groupCommitMaxDelay how long the flusher may wait for more appends before an fsync; zero
 *     (the default) flushes as soon as one append waits, and the appends arriving during that
 *     flush form the next group
 * @param groupCommitMaxBatch flush at once when this many appends wait, even within the delay
 * @param osBufferedFlushInterval how often {@link DurabilityMode#OS_BUFFERED} forces the file
 * @param segmentBytes size at which a new segment file is started
 * @param maxBytes capacity: bytes of unacknowledged events; beyond it the shedding policy applies
 * @param maxAge telemetry and normal events older than this are shed; security events are kept
 * @param maintenanceInterval how often segments are deleted or compacted and the age bound applied
 * @param alarmInterval at most one shedding alarm per interval, with the counts since the last one
 */
public record EventStoreOptions(
        Path directory,
        DurabilityMode mode,
        Duration groupCommitMaxDelay,
        int groupCommitMaxBatch,
        Duration osBufferedFlushInterval,
        long segmentBytes,
        long maxBytes,
        Duration maxAge,
        Duration maintenanceInterval,
        Duration alarmInterval) {

    static final long MIB = 1024L * 1024L;

    public EventStoreOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mode, "durabilityMode");
        positive("groupCommitMaxDelay", groupCommitMaxDelay, true);
        if (groupCommitMaxBatch < 1) {
            throw new IllegalArgumentException("groupCommitMaxBatch: must be at least 1: " + groupCommitMaxBatch);
        }
        positive("osBufferedFlushInterval", osBufferedFlushInterval, false);
        if (segmentBytes < 64 * 1024 || segmentBytes > 1024 * MIB) {
            throw new IllegalArgumentException("segmentSize: must be between 64 KiB and 1 GiB: " + segmentBytes);
        }
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException(
                    "capacity: must be at least one segment (" + segmentBytes + " bytes): " + maxBytes);
        }
        positive("maxAge", maxAge, false);
        positive("maintenanceInterval", maintenanceInterval, false);
        positive("alarmInterval", alarmInterval, true);
    }

    /** Defaults of the configuration, for a store in {@code directory}. */
    public static EventStoreOptions defaults(Path directory) {
        return new EventStoreOptions(directory, DurabilityMode.GROUP_COMMIT, Duration.ZERO, 1000,
                Duration.ofSeconds(1), 16 * MIB, 256 * MIB, Duration.ofDays(30), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
    }

    public EventStoreOptions withMode(DurabilityMode newMode) {
        return new EventStoreOptions(directory, newMode, groupCommitMaxDelay, groupCommitMaxBatch,
                osBufferedFlushInterval, segmentBytes, maxBytes, maxAge, maintenanceInterval, alarmInterval);
    }

    public EventStoreOptions withCapacity(long newSegmentBytes, long newMaxBytes) {
        return new EventStoreOptions(directory, mode, groupCommitMaxDelay, groupCommitMaxBatch,
                osBufferedFlushInterval, newSegmentBytes, newMaxBytes, maxAge, maintenanceInterval, alarmInterval);
    }

    public EventStoreOptions withMaxAge(Duration newMaxAge) {
        return new EventStoreOptions(directory, mode, groupCommitMaxDelay, groupCommitMaxBatch,
                osBufferedFlushInterval, segmentBytes, maxBytes, newMaxAge, maintenanceInterval, alarmInterval);
    }

    public EventStoreOptions withMaintenanceInterval(Duration interval) {
        return new EventStoreOptions(directory, mode, groupCommitMaxDelay, groupCommitMaxBatch,
                osBufferedFlushInterval, segmentBytes, maxBytes, maxAge, interval, alarmInterval);
    }

    public EventStoreOptions withGroupCommit(Duration maxDelay, int maxBatch) {
        return new EventStoreOptions(directory, mode, maxDelay, maxBatch, osBufferedFlushInterval, segmentBytes,
                maxBytes, maxAge, maintenanceInterval, alarmInterval);
    }

    /**
     * @param fallbackDirectory used when the configured directory is blank (the bundle's data area)
     * @throws IllegalArgumentException naming the offending property
     */
    static EventStoreOptions from(EventStoreConfig config, Path fallbackDirectory) {
        Path directory;
        String dir = config.dataDirectory();
        if (dir == null || dir.isBlank()) {
            if (fallbackDirectory == null) {
                throw new IllegalArgumentException("dataDirectory: not set and the framework gives this bundle no data area");
            }
            directory = fallbackDirectory;
        } else {
            try {
                directory = Path.of(dir.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("dataDirectory: not a valid path: " + dir, e);
            }
        }
        DurabilityMode mode;
        try {
            mode = DurabilityMode.valueOf(config.durabilityMode().trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("durabilityMode: one of FSYNC_EACH, GROUP_COMMIT, OS_BUFFERED, not '"
                    + config.durabilityMode() + "'", e);
        }
        if (config.groupCommitMaxDelayMicros() < 0) {
            throw new IllegalArgumentException("groupCommitMaxDelayMicros: must not be negative");
        }
        if (config.capacityMiB() < 1) {
            throw new IllegalArgumentException("capacityMiB: must be at least 1: " + config.capacityMiB());
        }
        if (config.segmentSizeMiB() < 1 || config.segmentSizeMiB() > 1024) {
            throw new IllegalArgumentException("segmentSizeMiB: must be between 1 and 1024: " + config.segmentSizeMiB());
        }
        if (config.capacityMiB() < config.segmentSizeMiB()) {
            throw new IllegalArgumentException("capacityMiB: must be at least segmentSizeMiB");
        }
        if (config.maxAgeHours() < 1) {
            throw new IllegalArgumentException("maxAgeHours: must be at least 1: " + config.maxAgeHours());
        }
        if (config.groupCommitMaxBatch() < 1) {
            throw new IllegalArgumentException("groupCommitMaxBatch: must be at least 1: " + config.groupCommitMaxBatch());
        }
        if (config.osBufferedFlushIntervalMillis() < 1) {
            throw new IllegalArgumentException("osBufferedFlushIntervalMillis: must be at least 1");
        }
        if (config.alarmIntervalSeconds() < 0) {
            throw new IllegalArgumentException("alarmIntervalSeconds: must not be negative");
        }
        return new EventStoreOptions(directory, mode, Duration.ofNanos(config.groupCommitMaxDelayMicros() * 1000L),
                config.groupCommitMaxBatch(), Duration.ofMillis(config.osBufferedFlushIntervalMillis()),
                config.segmentSizeMiB() * MIB, config.capacityMiB() * MIB, Duration.ofHours(config.maxAgeHours()),
                Duration.ofSeconds(1), Duration.ofSeconds(config.alarmIntervalSeconds()));
    }

    private static void positive(String name, Duration value, boolean zeroAllowed) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(name + ": must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ": " + value);
        }
    }
}
