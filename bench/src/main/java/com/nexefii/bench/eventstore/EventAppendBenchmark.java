package com.nexefii.bench.eventstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import com.nexefii.bench.Scratch;
import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.EventStoreStats;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.event.store.log.SegmentedEventLog;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;

/**
 * Scenario 2: durable appends to the gateway's event store, every append returning only once its
 * event is on disk. Run with 1 thread for "1 event per flush" and with many for group commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventAppendBenchmark {

    /** A typical audit event: an unlock by a mobile key. */
    public static final LockEvent EVENT = new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", "sim-a-101",
            1, Instant.parse("2026-11-25T15:00:00Z"), LockEventType.UNLOCKED,
            Map.of("credentialId", "mk-7f3a", "method", "mobile-key", "commandId", UUID.randomUUID().toString()));

    @Param({ "FSYNC_EACH" })
    public String mode;

    /** The store's {@code groupCommitMaxDelay}; 0 is its default. */
    @Param({ "0" })
    public int groupDelayMicros;

    private SegmentedEventLog log;
    private Path directory;
    /** Events appended in measurement iterations, and their wall time: a cross-check of JMH's score. */
    private long iterationStartNanos;
    private long iterationStartAppended;
    private long measuredEvents;
    private long measuredNanos;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work", System.getProperty("java.io.tmpdir"))));
        directory = Files.createTempDirectory(work, "event-store-");
        EventStoreOptions options = EventStoreOptions.defaults(directory)
                .withMode(DurabilityMode.valueOf(mode))
                .withCapacity(64L * 1024 * 1024, 8L * 1024 * 1024 * 1024);
        if (groupDelayMicros > 0) {
            options = options.withGroupCommit(java.time.Duration.ofNanos(groupDelayMicros * 1000L),
                    options.groupCommitMaxBatch());
        }
        log = new SegmentedEventLog(options, (alarm, details) -> { }, Clock.systemUTC());
    }

    @Benchmark
    public long append() {
        return log.append(EVENT);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationStartAppended = log.stats().appended();
        iterationStartNanos = System.nanoTime();
    }

    /** What the cloud connector does after the cloud's acknowledgement; outside the measured time. */
    @TearDown(Level.Iteration)
    public void acknowledge(IterationParams iteration) {
        long nanos = System.nanoTime() - iterationStartNanos;
        EventStoreStats stats = log.stats();
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredEvents += stats.appended() - iterationStartAppended;
            measuredNanos += nanos;
        }
        log.acknowledge(stats.lastOffset());
    }

    @TearDown(Level.Trial)
    public void close(BenchmarkParams params) throws Exception {
        EventStoreStats stats = log.stats();
        log.close();
        // the scenario reads the group-commit factor from here: JMH returns only the score
        Files.writeString(directory.resolveSibling("event-store-" + mode + "-t" + params.getThreads() + ".stats"),
                "STATS appended=" + stats.appended() + " flushes=" + stats.flushes() + " measuredEvents=" + measuredEvents
                + " measuredNanos=" + measuredNanos + "\n");
        Scratch.deleteTree(directory);
    }
}
