package com.nexefii.bench.eventstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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
import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.EventStoreStats;
import com.nexefii.event.store.log.BenchEventStore;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.events.BenchPublisher;

/**
 * Scenario 2 through the real path of every adapter: {@code LockEventPublisher.publish} with the
 * event store bound as its durable listener (group commit), each publish returning once its event is
 * on disk. With {@code otherListener} an ordinary listener is bound too (the gateway's metrics and
 * local API are such listeners), so every event is also handed on in sequence order after the fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublisherAppendBenchmark {

    static final Map<String, String> ATTRIBUTES = EventAppendBenchmark.EVENT.attributes();

    @Param({ "false" })
    public boolean otherListener;

    private Path directory;
    private BenchEventStore store;
    private BenchPublisher publisher;
    private LockEventPublisher publish;
    private final LongAdder heard = new LongAdder();
    /** Events the store appended in measurement iterations, and their wall time: a cross-check of JMH's score. */
    private long iterationStartNanos;
    private long iterationStartAppended;
    private long measuredEvents;
    private long measuredNanos;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work", System.getProperty("java.io.tmpdir"))));
        directory = Files.createTempDirectory(work, "publisher-");
        store = new BenchEventStore(EventStoreOptions.defaults(directory.resolve("events"))
                .withMode(DurabilityMode.GROUP_COMMIT).withCapacity(64L * 1024 * 1024, 8L * 1024 * 1024 * 1024));
        publisher = new BenchPublisher(directory.resolve("publisher")).withDurable(store.listener());
        if (otherListener) {
            publisher.withListener(e -> heard.increment());
        }
        publish = publisher.publisher();
    }

    @Benchmark
    public long publish() {
        return publish.publish("sim-a-101", LockEventType.UNLOCKED, ATTRIBUTES).sequence();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationStartAppended = store.store().stats().appended();
        iterationStartNanos = System.nanoTime();
    }

    /** What the cloud connector does after the cloud's acknowledgement; outside the measured time. */
    @TearDown(Level.Iteration)
    public void acknowledge(IterationParams iteration) {
        long nanos = System.nanoTime() - iterationStartNanos;
        EventStore events = store.store();
        EventStoreStats stats = events.stats();
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredEvents += stats.appended() - iterationStartAppended;
            measuredNanos += nanos;
        }
        events.acknowledge(stats.lastOffset());
    }

    @TearDown(Level.Trial)
    public void close(BenchmarkParams params) throws Exception {
        EventStoreStats stats = store.store().stats();
        publisher.close();
        store.close();
        Files.writeString(directory.resolveSibling("publisher-" + otherListener + "-t" + params.getThreads() + ".stats"),
                "STATS appended=" + stats.appended() + " flushes=" + stats.flushes() + " measuredEvents=" + measuredEvents
                        + " measuredNanos=" + measuredNanos + "\n");
        Scratch.deleteTree(directory);
    }
}
