package com.nexefii.bench.eventstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.log.EventStoreOptions;
import com.nexefii.event.store.log.SegmentedEventLog;

/**
 * Scenario 2, one event per flush: the store and its floors measured in alternating short slices on
 * the same disk, in rotating order, one thread. A disk shared with other work changes its flush
 * rate by several times within a minute; measured one after the other (as JMH runs benchmarks),
 * the store and the floor would see different disks. Each round yields a ratio; the median of the
 * ratios is the figure. Prints one {@code ALTERNATION} line.
 *
 * <pre>java -cp ... PerFlushAlternation WORKDIR RECORD_BYTES ROUNDS SLICE_MILLIS</pre>
 */
public final class PerFlushAlternation {

    interface Durable {
        void appendOne() throws IOException;
    }

    private PerFlushAlternation() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        int recordBytes = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long sliceNanos = Long.parseLong(args[3]) * 1_000_000L;

        Path storeDir = Files.createTempDirectory(work, "alt-store-");
        SegmentedEventLog store = new SegmentedEventLog(EventStoreOptions.defaults(storeDir)
                .withMode(DurabilityMode.FSYNC_EACH).withCapacity(64L * 1024 * 1024, 8L * 1024 * 1024 * 1024),
                (a, d) -> { }, Clock.systemUTC());
        Map<String, Durable> candidates = new LinkedHashMap<>();
        candidates.put("store", () -> store.append(EventAppendBenchmark.EVENT));
        candidates.put("fsync", raw(work, recordBytes, true, false));
        candidates.put("fdatasync", raw(work, recordBytes, false, false));
        candidates.put("fdatasyncPreallocated", raw(work, recordBytes, false, true));
        List<String> names = new ArrayList<>(candidates.keySet());

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        names.forEach(n -> rates.put(n, new ArrayList<>()));
        int warmUpRounds = 2;
        for (int round = 0; round < warmUpRounds + rounds; round++) {
            Map<String, Double> thisRound = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size()); // rotate: no one always goes first
                Durable d = candidates.get(name);
                long start = System.nanoTime();
                long end = start + sliceNanos;
                long n = 0;
                long now;
                do {
                    d.appendOne();
                    n++;
                } while ((now = System.nanoTime()) < end);
                thisRound.put(name, n / ((now - start) / 1e9));
            }
            if (round >= warmUpRounds) {
                thisRound.forEach((name, rate) -> rates.get(name).add(rate));
            }
        }
        store.close();

        List<Double> vsFdatasync = new ArrayList<>();
        List<Double> vsFsync = new ArrayList<>();
        List<Double> vsBest = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double s = rates.get("store").get(i);
            double fd = rates.get("fdatasync").get(i);
            double fs = rates.get("fsync").get(i);
            vsFdatasync.add(s / fd);
            vsFsync.add(s / fs);
            vsBest.add(s / Math.max(fd, fs));
        }
        StringBuilder line = new StringBuilder("ALTERNATION rounds=" + rounds + " sliceMillis=" + args[3]);
        for (String name : names) {
            line.append(' ').append(name).append('=').append(fmt(median(rates.get(name))));
        }
        line.append(" ratioBest=").append(fmt(median(vsBest))).append(" ratioFdatasync=")
                .append(fmt(median(vsFdatasync))).append(" ratioFsync=").append(fmt(median(vsFsync)))
                .append(" ratioBestP25=").append(fmt(percentile(vsBest, 25))).append(" ratioBestP75=")
                .append(fmt(percentile(vsBest, 75)));
        System.out.println(line);
    }

    private static Durable raw(Path work, int recordBytes, boolean metadata, boolean preallocated) throws IOException {
        Path dir = Files.createTempDirectory(work, "alt-raw-");
        FileChannel channel = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        if (preallocated) {
            channel.write(ByteBuffer.wrap(new byte[1]), 1L << 30);
            channel.force(true);
        }
        ByteBuffer record = ByteBuffer.allocate(recordBytes);
        long[] position = { 0 };
        return () -> {
            record.clear();
            while (record.hasRemaining()) {
                position[0] += channel.write(record, position[0]);
            }
            channel.force(metadata);
        };
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))];
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
