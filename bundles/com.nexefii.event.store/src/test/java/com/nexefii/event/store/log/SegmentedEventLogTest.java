package com.nexefii.event.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.EventStoreStats;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.Priority;

class SegmentedEventLogTest {

    @TempDir
    Path dir;

    private final List<String> alarms = new CopyOnWriteArrayList<>();
    private final List<SegmentedEventLog> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SegmentedEventLog::close);
    }

    private SegmentedEventLog open(EventStoreOptions options) throws IOException {
        return open(options, Clock.systemUTC());
    }

    private SegmentedEventLog open(EventStoreOptions options, Clock clock) throws IOException {
        SegmentedEventLog log = new SegmentedEventLog(options, (alarm, details) -> alarms.add(alarm), clock);
        opened.add(log);
        return log;
    }

    private EventStoreOptions defaults() {
        // long maintenance interval: tests call maintain() themselves
        return EventStoreOptions.defaults(dir).withMaintenanceInterval(Duration.ofHours(1));
    }

    private static List<String> ids(List<StoredEvent> events) {
        return events.stream().map(e -> e.event().eventId()).toList();
    }

    @Test
    void givenAppendedEvents_whenReopened_thenAllAreThereInOrderWithTheirOffsets() throws IOException {
        SegmentedEventLog log = open(defaults());
        List<LockEvent> written = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            LockEvent e = Events.normal();
            written.add(e);
            offsets.add(log.append(e));
        }
        log.close();

        SegmentedEventLog reopened = open(defaults());
        List<StoredEvent> read = reopened.readFrom(0, 1000);

        assertThat(read).extracting(StoredEvent::event).containsExactlyElementsOf(written);
        assertThat(read).extracting(StoredEvent::offset).containsExactlyElementsOf(offsets);
        assertThat(offsets).isSorted().doesNotHaveDuplicates();
        assertThat(reopened.depth()).isEqualTo(100);
        assertThat(alarms).isEmpty();
    }

    @Test
    void givenAcknowledgedEvents_whenReopened_thenReadingResumesAfterTheAcknowledgedOffset() throws IOException {
        SegmentedEventLog log = open(defaults());
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            offsets.add(log.append(Events.normal()));
        }
        log.acknowledge(offsets.get(6));
        await().until(() -> log.acknowledgedDurablyUpTo() == offsets.get(6));
        List<String> expected = ids(log.readFrom(0, 100));
        log.close();

        SegmentedEventLog reopened = open(defaults());

        assertThat(reopened.acknowledgedUpTo()).isEqualTo(offsets.get(6));
        assertThat(reopened.depth()).isEqualTo(3);
        assertThat(ids(reopened.readFrom(0, 100))).hasSize(3).containsExactlyElementsOf(expected);
    }

    @Test
    void givenAnInFlightWindow_whenReadingFromTheLastSentOffset_thenOnlyNewerEventsAreReturned() throws IOException {
        SegmentedEventLog log = open(defaults());
        for (int i = 0; i < 10; i++) {
            log.append(Events.normal());
        }
        List<StoredEvent> first = log.readFrom(0, 4);
        List<StoredEvent> next = log.readFrom(first.get(3).offset(), 4);

        assertThat(first).hasSize(4);
        assertThat(next).hasSize(4);
        assertThat(next.get(0).offset()).isGreaterThan(first.get(3).offset());
    }

    @Test
    void givenATornLastRecord_whenReopened_thenTheTailIsTruncatedReportedAndTheStoreKeepsWorking() throws IOException {
        SegmentedEventLog log = open(defaults());
        List<LockEvent> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            LockEvent e = Events.normal();
            written.add(e);
            log.append(e);
        }
        log.close();
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 7); // a write cut short by a power cut
        }

        SegmentedEventLog reopened = open(defaults());

        assertThat(reopened.readFrom(0, 100)).extracting(StoredEvent::event)
                .containsExactlyElementsOf(written.subList(0, 19));
        assertThat(reopened.stats().truncatedBytes()).isPositive();
        assertThat(alarms).contains("event-store-tail-truncated");
        LockEvent after = Events.security();
        reopened.append(after);
        reopened.close();

        alarms.clear();
        SegmentedEventLog again = open(defaults());
        assertThat(again.readFrom(0, 100)).extracting(StoredEvent::event).hasSize(20).endsWith(after);
        assertThat(alarms).isEmpty();
    }

    @Test
    void givenCorruptBytesInTheLastRecord_whenReopened_thenTheChecksumCatchesItAndOnlyThatRecordIsLost()
            throws IOException {
        SegmentedEventLog log = open(defaults());
        for (int i = 0; i < 20; i++) {
            log.append(Events.normal());
        }
        log.close();
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(size - 3);
            file.write(new byte[] { 0x55, 0x55, 0x55 }); // same length, wrong content
        }

        SegmentedEventLog reopened = open(defaults());

        assertThat(reopened.depth()).isEqualTo(19);
        assertThat(alarms).contains("event-store-tail-truncated");
        assertThat(Files.size(segment)).isLessThan(size);
    }

    @Test
    void givenGarbageAfterTheLastRecord_whenReopened_thenItIsCutOffAndNothingValidIsLost() throws IOException {
        SegmentedEventLog log = open(defaults());
        for (int i = 0; i < 5; i++) {
            log.append(Events.normal());
        }
        log.close();
        Path segment = onlySegment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(file.length());
            file.write(new byte[] { 0, 0, 1, 0, 7, 7, 7, 7, 1, 2, 3 });
        }

        SegmentedEventLog reopened = open(defaults());

        assertThat(reopened.depth()).isEqualTo(5);
        assertThat(reopened.stats().truncatedBytes()).isEqualTo(11);
    }

    @Test
    void givenASegmentFileWithoutHeader_whenReopened_thenTheStoreStillOpens() throws IOException {
        SegmentedEventLog log = open(defaults());
        log.append(Events.normal());
        log.close();
        Files.write(dir.resolve(RecordFormat.segmentName(1000)), new byte[] { 1, 2 });

        SegmentedEventLog reopened = open(defaults());
        long offset = reopened.append(Events.normal());

        assertThat(reopened.depth()).isEqualTo(2);
        assertThat(offset).isGreaterThan(999);
    }

    @Test
    void givenAFullStore_whenMoreEventsArrive_thenTelemetryIsShedFirstThenNormalOldestFirstAndSecurityNever()
            throws IOException {
        EventStoreOptions small = defaults().withCapacity(64 * 1024, 64 * 1024);
        SegmentedEventLog log = open(small);
        List<LockEvent> security = new ArrayList<>();
        List<LockEvent> normal = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            LockEvent s = Events.security();
            security.add(s);
            log.append(s);
            log.append(Events.telemetry());
            LockEvent n = Events.normal();
            normal.add(n);
            log.append(n);
        }
        // fill up with normal events until the store has to choose
        int extra = 0;
        while (log.stats().shedTelemetry() < 100) {
            LockEvent n = Events.normal();
            normal.add(n);
            log.append(n);
            extra++;
        }
        EventStoreStats afterTelemetry = log.stats();
        assertThat(afterTelemetry.shedNormal()).isZero();

        for (int i = 0; i < 50; i++) {
            LockEvent n = Events.normal();
            normal.add(n);
            log.append(n);
        }
        List<StoredEvent> kept = log.readFrom(0, 100_000);

        assertThat(log.stats().shedNormal()).isPositive();
        assertThat(kept).extracting(StoredEvent::event).containsAll(security);
        assertThat(kept).extracting(e -> e.event().priority()).doesNotContain(Priority.TELEMETRY);
        // the normal events kept are the newest ones
        List<LockEvent> keptNormal = kept.stream().map(StoredEvent::event)
                .filter(e -> e.priority() == Priority.NORMAL).toList();
        assertThat(keptNormal).containsExactlyElementsOf(normal.subList(normal.size() - keptNormal.size(), normal.size()));
        assertThat(log.stats().liveBytes()).isLessThanOrEqualTo(small.maxBytes());
        assertThat(alarms).contains("event-store-full");
        assertThat(extra).isPositive();
    }

    @Test
    void givenAStoreFullOfSecurityEvents_whenTelemetryArrives_thenItIsRefusedButSecurityIsStillKept()
            throws IOException {
        EventStoreOptions small = defaults().withCapacity(64 * 1024, 64 * 1024);
        SegmentedEventLog log = open(small);
        while (log.stats().liveBytes() < small.maxBytes()) {
            log.append(Events.security());
        }
        long securityBefore = log.depth();

        long telemetry = log.append(Events.telemetry());
        long normal = log.append(Events.normal());
        long security = log.append(Events.security());

        assertThat(telemetry).isEqualTo(EventStore.NOT_STORED);
        assertThat(normal).isEqualTo(EventStore.NOT_STORED);
        assertThat(security).isPositive();
        assertThat(log.depth()).isEqualTo(securityBefore + 1);
        assertThat(log.stats().securityOverCapacity()).isPositive();
        assertThat(log.stats().shedTelemetry()).isEqualTo(1);
        assertThat(log.stats().shedNormal()).isEqualTo(1);
    }

    @Test
    void givenTelemetryArrivingWhenOnlyNormalEventsCouldMakeRoom_thenTheTelemetryIsDroppedNotTheNormalEvents()
            throws IOException {
        EventStoreOptions small = defaults().withCapacity(64 * 1024, 64 * 1024);
        SegmentedEventLog log = open(small);
        while (log.stats().liveBytes() < small.maxBytes() - 100) {
            log.append(Events.normal());
        }
        long depth = log.depth();

        assertThat(log.append(Events.telemetry())).isEqualTo(EventStore.NOT_STORED);
        assertThat(log.depth()).isEqualTo(depth);
        assertThat(log.stats().shedNormal()).isZero();
    }

    @Test
    void givenEventsOlderThanTheMaximumAge_whenMaintenanceRuns_thenAllButSecurityAreShed() throws IOException {
        MutableClock clock = new MutableClock();
        SegmentedEventLog log = open(defaults().withMaxAge(Duration.ofHours(1)), clock);
        LockEvent oldSecurity = Events.security();
        log.append(Events.telemetry());
        log.append(oldSecurity);
        log.append(Events.normal());
        clock.advance(Duration.ofMinutes(61));
        LockEvent fresh = Events.normal();
        log.append(fresh);

        log.maintain();

        assertThat(log.readFrom(0, 100)).extracting(StoredEvent::event).containsExactly(oldSecurity, fresh);
        assertThat(log.oldestAge()).isEqualTo(Duration.ofMinutes(61));
        assertThat(log.stats().shedTelemetry()).isEqualTo(1);
        assertThat(log.stats().shedNormal()).isEqualTo(1);
    }

    @Test
    void givenSegmentsFullyAcknowledged_whenMaintenanceRuns_thenTheirFilesAreDeletedAndTheCursorSurvives()
            throws IOException {
        SegmentedEventLog log = open(defaults().withCapacity(64 * 1024, 1024 * 1024));
        long last = 0;
        for (int i = 0; i < 2000; i++) {
            last = log.append(Events.normal());
        }
        assertThat(segmentFiles()).hasSizeGreaterThan(3);
        List<StoredEvent> all = log.readFrom(0, 10_000);
        long ackUpTo = all.get(1500).offset();
        log.acknowledge(ackUpTo);
        long ackedFinal = ackUpTo;
        await().until(() -> log.acknowledgedDurablyUpTo() == ackedFinal);

        log.maintain();

        assertThat(segmentFiles().size()).isLessThan(4);
        assertThat(log.depth()).isEqualTo(499);
        log.close();
        SegmentedEventLog reopened = open(defaults().withCapacity(64 * 1024, 1024 * 1024));
        assertThat(reopened.acknowledgedUpTo()).isEqualTo(ackUpTo);
        assertThat(ids(reopened.readFrom(0, 10_000))).containsExactlyElementsOf(ids(all.subList(1501, 2000)));
        assertThat(reopened.append(Events.normal())).isGreaterThan(last);
    }

    @Test
    void givenEverythingAcknowledged_whenReopened_thenOffsetsKeepRising() throws IOException {
        SegmentedEventLog log = open(defaults().withCapacity(64 * 1024, 1024 * 1024));
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = log.append(Events.normal());
        }
        log.acknowledge(last);
        long lastFinal = last;
        await().until(() -> log.acknowledgedDurablyUpTo() == lastFinal);
        log.maintain();
        log.close();

        SegmentedEventLog reopened = open(defaults().withCapacity(64 * 1024, 1024 * 1024));

        assertThat(reopened.depth()).isZero();
        assertThat(reopened.append(Events.normal())).isGreaterThan(last);
    }

    @Test
    void givenSealedSegmentsMostlyShed_whenMaintenanceRuns_thenTheyAreCompactedAndTheSurvivorsStayReadable()
            throws IOException {
        EventStoreOptions small = defaults().withCapacity(64 * 1024, 128 * 1024);
        SegmentedEventLog log = open(small);
        List<LockEvent> security = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (i % 50 == 0) {
                LockEvent s = Events.security();
                security.add(s);
                log.append(s);
            } else {
                log.append(Events.telemetry());
            }
        }
        long diskBefore = log.stats().diskBytes();

        for (int i = 0; i < 10; i++) {
            log.maintain();
        }

        EventStoreStats stats = log.stats();
        assertThat(stats.compactions()).isPositive();
        assertThat(stats.diskBytes()).isLessThan(diskBefore);
        assertThat(stats.diskBytes()).isLessThanOrEqualTo(small.maxBytes() + 2 * small.segmentBytes());
        assertThat(log.readFrom(0, 100_000)).extracting(StoredEvent::event).containsAll(security);
        log.close();
        SegmentedEventLog reopened = open(small);
        assertThat(reopened.readFrom(0, 100_000)).extracting(StoredEvent::event).containsAll(security);
    }

    @Test
    void givenGroupCommit_whenConcurrentAppendsWait_thenNoneReturnsBeforeTheSharedFlushAndOneFlushCoversThemAll()
            throws Exception {
        // a long delay and a batch of 8: the flush happens exactly when the 8th append arrives
        SegmentedEventLog log = open(defaults().withGroupCommit(Duration.ofMinutes(10), 8));
        long flushesBefore = log.stats().flushes();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> first = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                first.add(pool.submit(() -> log.append(Events.normal())));
            }
            await().until(() -> log.stats().appended() == 7);
            // written, not forced: not returned and not readable
            assertThat(first).noneMatch(Future::isDone);
            assertThat(log.readFrom(0, 100)).isEmpty();

            Future<Long> eighth = pool.submit(() -> log.append(Events.normal()));
            eighth.get();
            for (Future<Long> f : first) {
                assertThat(f.get()).isPositive();
            }
            assertThat(log.stats().flushes() - flushesBefore).isEqualTo(1);
            assertThat(log.readFrom(0, 100)).hasSize(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenManyConcurrentAppenders_whenAllReturn_thenEveryEventIsStoredOnceAndOffsetsAreUnique() throws Exception {
        SegmentedEventLog log = open(defaults());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            futures.add(pool.submit(() -> log.append(Events.normal())));
        }
        List<Long> offsets = new ArrayList<>();
        for (Future<Long> f : futures) {
            offsets.add(f.get());
        }
        pool.shutdown();

        assertThat(offsets).doesNotHaveDuplicates();
        assertThat(log.readFrom(0, 10_000)).hasSize(4000);
        assertThat(log.stats().flushes()).isPositive();
    }

    @Test
    void givenManyConcurrentAppenders_whenFlushesFinish_thenEachWaiterIsWokenOnceAndOnlyOneLeaderPerFlush()
            throws Exception {
        SegmentedEventLog log = open(defaults());
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    log.append(Events.normal());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        long[] wakeUps = log.wakeUps();
        EventStoreStats stats = log.stats();
        // waking every waiter after every fsync would wake each of them once per fsync it waited through
        assertThat(wakeUps[0]).as("waiters woken").isLessThanOrEqualTo(stats.appended());
        assertThat(wakeUps[1]).as("woken to lead the next fsync").isLessThanOrEqualTo(stats.flushes());
        assertThat(log.readFrom(0, 10_000)).hasSize(threads * 100);
    }

    @Test
    void givenEventsStagedByOneThread_whenAnotherAwaitsTheNewest_thenOneFlushMakesThemAllDurableAndReadable()
            throws Exception {
        SegmentedEventLog log = open(defaults());
        long flushesBefore = log.stats().flushes();
        long newest = 0;
        for (int i = 0; i < 10; i++) {
            newest = log.stage(Events.normal());
        }
        assertThat(log.readFrom(0, 100)).as("written, not yet durable").isEmpty();

        long awaited = newest;
        ExecutorService other = Executors.newSingleThreadExecutor();
        other.submit(() -> log.awaitDurable(awaited)).get();
        other.shutdown();

        assertThat(log.stats().flushes() - flushesBefore).isEqualTo(1);
        assertThat(log.readFrom(0, 100)).hasSize(10);
        log.awaitDurable(1);
    }

    @Test
    void givenANewStore_thenItKnowsNoLastSequence() throws IOException {
        assertThat(open(defaults()).lastSequence()).isEmpty();
    }

    @Test
    void givenForwardedSegmentsDeletedAndTheOnlyNewerEventTorn_whenReopened_thenTheLastSequenceIsStillKnown()
            throws IOException {
        EventStoreOptions small = defaults().withCapacity(64 * 1024, 1024 * 1024);
        SegmentedEventLog log = open(small);
        LockEvent rolled = null;
        long last = 0;
        int files = segmentFiles().size();
        while (segmentFiles().size() == files) {
            rolled = Events.normal();
            last = log.append(rolled);
        }
        // the append that rolled went to a new segment; take it back as a torn write, below
        long rolledOffset = last;
        log.acknowledge(rolledOffset);
        await().until(() -> log.acknowledgedDurablyUpTo() == rolledOffset);
        log.maintain();
        log.close();
        List<Path> left = segmentFiles();
        assertThat(left).as("the forwarded segment is deleted").hasSize(1);
        try (RandomAccessFile file = new RandomAccessFile(left.get(0).toFile(), "rw")) {
            // header, the sequence record the segment starts with, then 5 bytes of the event
            file.setLength(RecordFormat.SEGMENT_HEADER + RecordFormat.RECORD_HEADER + RecordFormat.BODY_FIXED
                    + RecordFormat.SEQUENCE_PAYLOAD + 5);
        }

        SegmentedEventLog reopened = open(small);

        assertThat(reopened.stats().truncatedBytes()).isPositive();
        assertThat(reopened.readFrom(0, 10)).isEmpty();
        assertThat(reopened.lastSequence()).hasValue(rolled.sequence() - 1);
    }

    @Test
    void givenStoredEvents_whenReopenedAfterACrash_thenTheLastSequenceIsTheNewestEvents() throws IOException {
        SegmentedEventLog log = open(defaults());
        LockEvent newest = null;
        for (int i = 0; i < 5; i++) {
            newest = Events.normal();
            log.append(newest);
        }
        // no close: as after kill -9
        SegmentedEventLog reopened = open(defaults());

        assertThat(reopened.lastSequence()).hasValue(newest.sequence());
    }

    @Test
    void givenFsyncEach_whenAppending_thenOneFlushPerEvent() throws IOException {
        SegmentedEventLog log = open(defaults().withMode(DurabilityMode.FSYNC_EACH));
        long before = log.stats().flushes();
        for (int i = 0; i < 10; i++) {
            log.append(Events.normal());
        }
        assertThat(log.stats().flushes() - before).isEqualTo(10);
        assertThat(log.readFrom(0, 100)).hasSize(10);
    }

    @Test
    void givenOsBuffered_whenAppending_thenEventsAreReadableBeforeAnyFlush() throws IOException {
        SegmentedEventLog log = open(defaults().withMode(DurabilityMode.OS_BUFFERED));
        log.append(Events.normal());
        assertThat(log.readFrom(0, 100)).hasSize(1);
    }

    @Test
    void givenAWaitingReader_whenAnEventIsAppended_thenItWakesUp() throws Exception {
        SegmentedEventLog log = open(defaults());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> waiting = pool.submit(() -> log.awaitReadable(0, Duration.ofMinutes(1)));
            log.append(Events.normal());
            assertThat(waiting.get()).isTrue();
            assertThat(log.awaitReadable(log.readFrom(0, 10).get(0).offset(), Duration.ofMillis(1))).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenAcknowledgementBeyondTheNewestEvent_whenApplied_thenItIsClampedAndLaterEventsAreNotLost()
            throws IOException {
        SegmentedEventLog log = open(defaults());
        long first = log.append(Events.normal());
        log.acknowledge(first + 1000);
        long second = log.append(Events.normal());

        assertThat(log.acknowledgedUpTo()).isEqualTo(first);
        assertThat(log.readFrom(0, 10)).extracting(StoredEvent::offset).containsExactly(second);
    }

    @Test
    void givenAnEventWithAttributes_whenStored_thenItIsReadBackIdentical() throws IOException {
        SegmentedEventLog log = open(defaults());
        LockEvent event = Events.of(com.nexefii.lock.api.LockEventType.COMMAND_RESULT,
                Map.of("commandId", "5f0c6a3e-8a1b-4c44-9f3e-0d8e2b1c7a10", "outcome", "OK"));
        log.append(event);
        assertThat(log.readFrom(0, 1).get(0).event()).isEqualTo(event);
    }

    private Path onlySegment() throws IOException {
        List<Path> files = segmentFiles();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(RecordFormat.SEGMENT_SUFFIX)).sorted().toList();
        }
    }
}
