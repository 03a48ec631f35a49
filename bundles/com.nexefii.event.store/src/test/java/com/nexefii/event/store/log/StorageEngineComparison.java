package com.nexefii.event.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.nexefii.event.store.DurabilityMode;
import com.nexefii.lock.api.LockEvent;

/**
 * Measures the candidate storage engines for the event store on this machine's disk. Not a test:
 * run it by hand and copy the table into README.md.
 *
 * <pre>
 * mvn -pl bundles/com.nexefii.event.store test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) com.nexefii.event.store.log.StorageEngineComparison [seconds] [dir]
 * </pre>
 *
 * Each scenario runs for a fixed time with the given number of appending threads; every append
 * returns only when its event is durable (except OS_BUFFERED, shown for reference).
 */
public final class StorageEngineComparison {

    private static final List<String> ROWS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path base = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("store-bench");
        Duration run = Duration.ofMillis((long) (seconds * 1000));
        LockEvent sample = Events.normal();
        int recordBytes = RecordFormat.eventRecord(EventCodec.encode(sample), sample.priority(), 0).remaining();
        System.out.printf("machine: %d cores, %s %s; disk dir %s; record %d bytes; %s per scenario%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), base, recordBytes, run);

        if (args.length > 2 && args[2].equals("alternate")) {
            // same disk, same minute: single-appender modes side by side, repeated, to see noise
            for (int i = 0; i < 3; i++) {
                rawFloor(base.resolve("raw-" + i), run, recordBytes);
                log(base.resolve("each-" + i), DurabilityMode.FSYNC_EACH, 1, run);
                log(base.resolve("group-" + i), DurabilityMode.GROUP_COMMIT, 1, run);
                sqlite(base.resolve("sqlite-" + i), 1, 1, run);
            }
            deleteRecursively(base);
            return;
        }
        rawFloor(base.resolve("raw"), run, recordBytes);
        rawFloorPreallocated(base.resolve("raw-prealloc"), run, recordBytes);
        for (int threads : new int[] { 1 }) {
            log(base.resolve("log-each-" + threads), DurabilityMode.FSYNC_EACH, threads, run);
        }
        for (int threads : new int[] { 1, 8, 64, 256 }) {
            log(base.resolve("log-group-" + threads), DurabilityMode.GROUP_COMMIT, threads, run);
        }
        log(base.resolve("log-os-64"), DurabilityMode.OS_BUFFERED, 64, run);
        sqlite(base.resolve("sqlite-1"), 1, 1, run);
        sqlite(base.resolve("sqlite-8"), 8, 1, run);
        sqlite(base.resolve("sqlite-batch"), 1, 256, run);
        replay(base.resolve("replay"), 100_000);

        System.out.println();
        System.out.println("| engine | appending threads | events/s | fsyncs/s | events per fsync |");
        System.out.println("|---|---|---|---|---|");
        ROWS.forEach(System.out::println);
        deleteRecursively(base);
    }

    /** The physical floor: append one record and force, in a loop, one thread. */
    private static void rawFloor(Path dir, Duration run, int recordBytes) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer record = ByteBuffer.allocate(recordBytes);
            long end = System.nanoTime() + run.toNanos();
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() < end) {
                record.clear();
                ch.write(record);
                ch.force(false);
                n++;
            }
            double s = (System.nanoTime() - start) / 1e9;
            row("FileChannel write + force (floor)", 1, n / s, n / s);
        }
    }

    /** Same, into a file zero-filled beforehand: fdatasync then has no file size to journal. */
    private static void rawFloorPreallocated(Path dir, Duration run, int recordBytes) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 64; i++) {
                zeros.clear();
                ch.write(zeros);
            }
            ch.force(true);
            ch.position(0);
            ByteBuffer record = ByteBuffer.allocate(recordBytes);
            long end = System.nanoTime() + run.toNanos();
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() < end && ch.position() < (63 << 20)) {
                record.clear();
                ch.write(record);
                ch.force(false);
                n++;
            }
            double s = (System.nanoTime() - start) / 1e9;
            row("FileChannel write + force into a preallocated file", 1, n / s, n / s);
        }
    }

    private static void log(Path dir, DurabilityMode mode, int threads, Duration run) throws Exception {
        EventStoreOptions options = EventStoreOptions.defaults(dir).withMode(mode).withCapacity(64L << 20, 4L << 30);
        try (SegmentedEventLog log = new SegmentedEventLog(options, (a, d) -> { }, Clock.systemUTC())) {
            long flushesBefore = log.stats().flushes();
            long n = runThreads(threads, run, () -> log.append(Events.normal()));
            double s = run.toNanos() / 1e9;
            long flushes = log.stats().flushes() - flushesBefore;
            row("segmented log " + mode, threads, n / s, flushes / s);
        }
    }

    private static void sqlite(Path dir, int threads, int batch, Duration run) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("events.db");
        try (Connection setup = DriverManager.getConnection(url); Statement st = setup.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, priority INTEGER, appended_at INTEGER, body BLOB)");
        }
        AtomicLong commits = new AtomicLong();
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url);
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA synchronous=FULL");
                    st.execute("PRAGMA busy_timeout=60000");
                }
                c.setAutoCommit(batch == 1);
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        long n = runThreads(threads, run, () -> {
            Connection c = connections.get();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO events(priority, appended_at, body) VALUES (?, ?, ?)")) {
                for (int i = 0; i < batch; i++) {
                    ps.setInt(1, 1);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setBytes(3, EventCodec.encode(Events.normal()));
                    if (batch == 1) {
                        ps.executeUpdate();
                    } else {
                        ps.addBatch();
                    }
                }
                if (batch > 1) {
                    ps.executeBatch();
                    c.commit();
                }
                commits.incrementAndGet();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }) * batch;
        double s = run.toNanos() / 1e9;
        row("SQLite WAL synchronous=FULL" + (batch > 1 ? ", " + batch + " per transaction" : ", 1 per transaction"),
                threads, n / s, commits.get() / s);
    }

    private static void replay(Path dir, int events) throws Exception {
        EventStoreOptions options = EventStoreOptions.defaults(dir).withCapacity(64L << 20, 4L << 30)
                .withMode(DurabilityMode.OS_BUFFERED);
        try (SegmentedEventLog log = new SegmentedEventLog(options, (a, d) -> { }, Clock.systemUTC())) {
            for (int i = 0; i < events; i++) {
                log.append(Events.normal());
            }
        }
        try (SegmentedEventLog log = new SegmentedEventLog(options.withMode(DurabilityMode.GROUP_COMMIT), (a, d) -> { },
                Clock.systemUTC())) {
            long start = System.nanoTime();
            long after = 0;
            long read = 0;
            while (true) {
                var batch = log.readFrom(after, 1000);
                if (batch.isEmpty()) {
                    break;
                }
                read += batch.size();
                after = batch.get(batch.size() - 1).offset();
                log.acknowledge(after);
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "replay: read+acknowledge %d events in %.3f s = %.0f events/s%n", read, s,
                    read / s);
        }
    }

    private static long runThreads(int threads, Duration run, Runnable op) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + run.toNanos();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        op.run();
                        count.incrementAndGet();
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        return count.get();
    }

    private static void row(String engine, int threads, double eventsPerSecond, double fsyncsPerSecond) {
        String line = String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f |", engine, threads, eventsPerSecond,
                fsyncsPerSecond, fsyncsPerSecond == 0 ? 0 : eventsPerSecond / fsyncsPerSecond);
        System.out.println(line);
        ROWS.add(line);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
