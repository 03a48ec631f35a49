package com.nexefii.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nexefii.bench.eventstore.EventAppendBenchmark;
import com.nexefii.bench.eventstore.PerFlushAlternation;
import com.nexefii.bench.eventstore.PublisherAppendBenchmark;
import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.event.store.log.SegmentedEventLog;

/** Scenario 2: durable event append on the gateway vs append + force() on the same disk. */
public final class EventAppendScenario implements Scenario {

    /**
     * Closed-loop appenders each wait for their fsync, so events per fsync are bounded by the number
     * of appenders: 50,000 events/s at a disk's ~4 ms flush needs ~200 of them in flight.
     */
    static final int CONCURRENT_APPENDERS = 256;

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String title() {
        return "Durable event append (event store, com.nexefii.event.store)";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        int recordBytes = recordBytes(settings.work());
        String disk = "disk of " + settings.work() + ", record " + recordBytes + " B";

        int rounds = settings.pick(8, 30);
        Measured<String> alternation = Measured.of(() -> Subprocess.run(List.of(settings.java().toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", settings.classpath(),
                PerFlushAlternation.class.getName(), settings.work().toString(), Integer.toString(recordBytes),
                Integer.toString(rounds), "300"), Path.of("."), java.time.Duration.ofMinutes(10)));
        Map<String, String> a = Subprocess.keyValues(alternation.value(), "ALTERNATION");
        double store = Double.parseDouble(a.get("store"));
        double fsync = Double.parseDouble(a.get("fsync"));
        double fdatasync = Double.parseDouble(a.get("fdatasync"));
        double floor = Math.max(fsync, fdatasync);
        double ratio = Double.parseDouble(a.get("ratioBest"));
        String floorWhat = "`FileChannel.write` + `force()` loop, 1 thread, faster of force(true) (fsync) "
                + "and force(false) (fdatasync), same disk";

        List<Figure> figures = new ArrayList<>();
        // the figure is the median store rate; met is judged on the median of per-round ratios,
        // which is what survives a disk whose speed drifts while the slices alternate
        figures.add(new Figure(2, "1 event per flush (FSYNC_EACH, 1 appender)", store, "events/s", floorWhat, floor,
                "≥ 0.5× baseline", ratio >= 0.5, alternation.load(), String.format(Locale.ROOT,
                        "store and floors alternate in 300 ms slices, %d rounds, rotating order; medians: fsync %.0f/s, "
                                + "fdatasync %.0f/s, fdatasync into a preallocated file %s/s; median of per-round "
                                + "ratios store/best floor %.2f (IQR %s–%s), store/fsync %s; %s",
                        rounds, fsync, fdatasync, a.get("fdatasyncPreallocated").replaceAll("\\..*", ""), ratio,
                        a.get("ratioBestP25"), a.get("ratioBestP75"), a.get("ratioFsync"), disk)));

        List<Integer> threadCounts = settings.pick(List.of(1, CONCURRENT_APPENDERS),
                List.of(1, 8, 64, CONCURRENT_APPENDERS));
        for (int threads : threadCounts) {
            Measured<List<JmhRun.Score>> group = Measured.of(() -> JmhRun.run(settings,
                    EventAppendBenchmark.class.getName() + "\\.", threads,
                    Map.of("mode", new String[] { "GROUP_COMMIT" })));
            JmhRun.Score g = group.value().get(0);
            StoreCount counted = StoreCount.read(settings, "event-store-GROUP_COMMIT-t" + threads);
            double value = counted.rate(g.mean());
            boolean targetRow = threads == CONCURRENT_APPENDERS;
            figures.add(new Figure(2, "group commit, " + threads + " concurrent appender" + (threads > 1 ? "s" : "")
                    + " (`EventStore.append`)", value, "events/s", floorWhat + " (the per-flush run above)", floor,
                    targetRow ? "≥ 50,000 events/s" : "", targetRow ? value >= 50_000 : null, group.load(),
                    counted.describe(g) + ", " + disk));
        }

        // the path every adapter takes: publish() with the store bound as the durable listener
        List<Integer> publisherThreads = settings.pick(List.of(CONCURRENT_APPENDERS), List.of(1, CONCURRENT_APPENDERS));
        for (int threads : publisherThreads) {
            for (boolean other : threads == CONCURRENT_APPENDERS ? List.of(false, true) : List.of(false)) {
                Measured<List<JmhRun.Score>> run = Measured.of(() -> JmhRun.run(settings,
                        PublisherAppendBenchmark.class.getName() + "\\.", threads,
                        Map.of("otherListener", new String[] { Boolean.toString(other) })));
                JmhRun.Score p = run.value().get(0);
                StoreCount counted = StoreCount.read(settings, "publisher-" + other + "-t" + threads);
                double value = counted.rate(p.mean());
                boolean targetRow = threads == CONCURRENT_APPENDERS;
                figures.add(new Figure(2, "group commit through `LockEventPublisher.publish`, " + threads
                        + " publishing thread" + (threads > 1 ? "s" : "") + ", store bound"
                        + (other ? " + an ordinary listener" : ""), value, "events/s",
                        floorWhat + " (the per-flush run above)", floor, targetRow ? "≥ 50,000 events/s" : "",
                        targetRow ? value >= 50_000 : null, run.load(), counted.describe(p) + ", " + disk
                                + "; stamping and staging under the publish lock, fsync awaited outside it"
                                + (other ? ", then the listener in sequence order" : "")));
            }
        }
        return figures;
    }

    /** Size on disk of one stored event: the floor writes records of the same size. */
    static int recordBytes(Path work) throws Exception {
        Path dir = Files.createTempDirectory(work, "record-size-");
        try (SegmentedEventLog log = new SegmentedEventLog(
                EventStoreOptions.defaults(dir).withMode(DurabilityMode.OS_BUFFERED), (a, d) -> { },
                Clock.systemUTC())) {
            log.append(EventAppendBenchmark.EVENT);
            long first = log.stats().diskBytes();
            for (int i = 0; i < 1000; i++) {
                log.append(EventAppendBenchmark.EVENT);
            }
            return (int) ((log.stats().diskBytes() - first) / 1000);
        } finally {
            Scratch.deleteTree(dir);
        }
    }

    /**
     * What the store itself counted in the last fork: events and fsyncs, and events appended per
     * second of the measurement iterations' wall time. JMH sums per-thread rates; when an unfair lock
     * lets a few of 256 threads run while the others wait out whole iterations (the publisher before
     * it waited for the fsync outside its lock), that sum was 70 times what the store appended. The
     * store's count is the figure; JMH's score is in the note.
     */
    record StoreCount(double appended, double flushes, double measuredEvents, double measuredNanos, String problem) {

        static StoreCount read(BenchSettings settings, String statsName) {
            Path file = settings.work().resolve(statsName + ".stats");
            try {
                Map<String, String> s = Subprocess.keyValues(Files.readString(file), "STATS");
                return new StoreCount(Double.parseDouble(s.get("appended")), Double.parseDouble(s.get("flushes")),
                        Double.parseDouble(s.getOrDefault("measuredEvents", "0")),
                        Double.parseDouble(s.getOrDefault("measuredNanos", "0")), null);
            } catch (Exception e) {
                return new StoreCount(0, 0, 0, 0, e.toString());
            }
        }

        double rate(double fallback) {
            return measuredNanos > 0 ? measuredEvents / (measuredNanos / 1e9) : fallback;
        }

        String describe(JmhRun.Score jmh) {
            if (problem != null) {
                return "JMH throughput " + String.format(Locale.ROOT, "%.0f", jmh.mean()) + " " + jmh.plusMinus()
                        + " (store counts unknown: " + problem + ")";
            }
            return String.format(Locale.ROOT, "events the store appended per second of measured wall time (last "
                    + "fork); JMH score %.0f %s; %.1f events per fsync", jmh.mean(), jmh.plusMinus(),
                    appended / Math.max(1, flushes));
        }
    }
}
