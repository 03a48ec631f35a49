package com.nexefii.event.store.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.event.store.DurabilityMode;
import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.EventStoreStats;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.Priority;

/**
 * The event store engine: an append-only log of segment files with a CRC32C per record.
 *
 * <p>Appends are serialised under one lock (offset assignment and a {@code pwrite} into the page
 * cache, a few microseconds); durability is separate ({@link #stage} then {@link #awaitDurable},
 * which the lock event publisher calls outside its own lock). In {@link DurabilityMode#GROUP_COMMIT}
 * one waiting appender forces the file while new appends keep writing, and every append waits until
 * a force that started after its write has finished: all appends that arrived during one fsync share
 * the next one. Waiters queue by offset; a finished fsync wakes exactly the waiters it covers and
 * the one that leads the next fsync, nobody else (waking all of them cost 20–30 % of the CPU in the
 * kernel at 256 appenders). The forwarding cursor is an ACK record in the same log, so it rides on the same
 * fsyncs. Shed records are reclaimed by rewriting sealed segments on the maintenance thread, out of
 * the append path; fully acknowledged segments are deleted.
 */
public final class SegmentedEventLog implements EventStore, AutoCloseable {

    /** Receives alarms; called with the log's lock held, so it must only queue them. */
    public interface Alarms {
        void raise(String alarm, Map<String, String> details);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedEventLog.class);
    private static final int READ_CHUNK = 1 << 20;

    private final EventStoreOptions options;
    private final Alarms alarms;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    /** Appenders waiting for an fsync to cover their offset, lowest offset first. */
    private final PriorityQueue<DurabilityWaiter> waiters = new PriorityQueue<>();
    /** The flusher has something to do. */
    private final Condition flushWork = lock.newCondition();
    /** Something new can be read. */
    private final Condition readable = lock.newCondition();
    private final Condition maintenanceWake = lock.newCondition();
    /** A group-commit leader waits here for its group to fill (configured delay and batch). */
    private final Condition groupFilling = lock.newCondition();
    /** A group-commit fsync finished while the log is closing. */
    private final Condition flushIdle = lock.newCondition();
    private boolean flushing;
    /** A parked waiter was told to lead the next fsync and has not taken the lock yet. */
    private boolean leaderHandedOn;
    private boolean leaderWaiting;
    private boolean segmentsClosed;

    private final List<Segment> segments = new ArrayList<>();
    private Segment active;
    private long lastOffset;
    private long forcedUpTo;
    private long ackedUpTo;
    private long ackWritten;
    private long ackPersisted;
    private boolean rewriteAck;
    private long liveBytes;
    private long liveCount;
    /** Per priority code: no live record of that priority exists below this offset (above the cursor). */
    private final long[] shedScan = new long[3];
    private long ageScan;
    private IOException failure;
    private boolean closed;
    /** Highest event sequence number appended, kept across forwarding in ACK records; -1 when unknown. */
    private long lastSequence = -1;

    private long appended;
    private long flushes;
    /** Group-commit waiters woken, and how many of them to lead the next fsync: the cost of waking, for tests. */
    private long waiterWakeUps;
    private long leaderHandOffs;
    private long acknowledged;
    private long shedTelemetry;
    private long shedNormal;
    private long securityOverCapacity;
    private long truncatedBytes;
    private long compactions;
    private long alarmsRaised;
    private long shedSinceAlarm;
    private long overCapacitySinceAlarm;
    private long lastShedAlarmAt = Long.MIN_VALUE;

    private final Thread flusher;
    private final Thread maintenance;

    /**
     * Opens the store, repairing a torn or corrupt tail, and starts its flusher and maintenance
     * threads.
     *
     * @throws IOException when the directory cannot be used at all
     */
    public SegmentedEventLog(EventStoreOptions options, Alarms alarms, Clock clock) throws IOException {
        this.options = options;
        this.alarms = alarms;
        this.clock = clock;
        Files.createDirectories(options.directory());
        lock.lock();
        try {
            recover();
        } finally {
            lock.unlock();
        }
        flusher = new Thread(this::flushLoop, "event-store-flusher");
        flusher.setDaemon(true);
        flusher.start();
        maintenance = new Thread(this::maintenanceLoop, "event-store-maintenance");
        maintenance.setDaemon(true);
        maintenance.start();
    }

    // ---------------------------------------------------------------- append

    @Override
    public long append(LockEvent event) {
        long offset = stage(event);
        if (offset != NOT_STORED && options.mode() == DurabilityMode.GROUP_COMMIT) {
            awaitDurable(offset);
        }
        return offset;
    }

    /**
     * Phase one of an append: applies the capacity policy, gives the event its offset and writes it
     * (page cache), without waiting for {@link DurabilityMode#GROUP_COMMIT}'s fsync. In
     * {@code FSYNC_EACH} the event is on disk when this returns.
     *
     * @return the offset to pass to {@link #awaitDurable}, or {@link #NOT_STORED}
     */
    public long stage(LockEvent event) {
        long now = clock.millis();
        ByteBuffer record = RecordFormat.eventRecord(EventCodec.encode(event), event.priority(), now);
        int length = record.remaining();
        long offset;
        lock.lock();
        try {
            ensureWritable();
            if (!makeRoom(length, event.priority())) {
                return NOT_STORED;
            }
            try {
                if (active.size + length > options.segmentBytes() && active.count() > 0) {
                    roll();
                }
                offset = lastOffset + 1;
                RecordFormat.seal(record, offset);
                long position = active.size;
                active.write(record.array(), 0, length, position);
                active.add(offset, position, length, now, RecordFormat.priorityCode(event.priority()));
                active.size = position + length;
                lastOffset = offset;
                lastSequence = lastSequence < 0 ? event.sequence() : Math.max(lastSequence, event.sequence());
                liveBytes += length;
                liveCount++;
                appended++;
            } catch (IOException e) {
                // The bytes after active.size are garbage now; the next append overwrites them and
                // recovery would truncate them. The caller learns the event was not stored.
                throw new UncheckedIOException("event store " + options.directory() + " cannot append", e);
            }
            if (options.mode() == DurabilityMode.FSYNC_EACH) {
                try {
                    active.sync();
                } catch (IOException e) {
                    fail(e);
                    throw new UncheckedIOException("event store " + options.directory() + " cannot flush", e);
                }
                flushes++;
                forcedUpTo = offset;
            }
            switch (options.mode()) {
                case FSYNC_EACH -> readable.signalAll();
                case OS_BUFFERED -> {
                    readable.signalAll();
                    flushWork.signal();
                }
                case GROUP_COMMIT -> {
                    if (leaderWaiting) {
                        groupFilling.signal();
                    }
                }
            }
            return offset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Phase two of an append in {@link DurabilityMode#GROUP_COMMIT}: returns once an fsync that
     * started after the record at {@code offset} was written has finished (at once in the other
     * modes, whose {@link #stage} already promised what they promise).
     *
     * <p>Leader/follower: the first waiter that finds no fsync running forces the file itself (no
     * hand-off to another thread, so a lone appender is as fast as {@code FSYNC_EACH}); waiters
     * arriving meanwhile park, and when the fsync is done its leader wakes those it covered and hands
     * the lead to the lowest remaining one, which forces the file for everything written meanwhile.
     * Waits uninterruptibly (an interrupt is kept for the caller).
     *
     * @throws UncheckedIOException when the fsync failed: the event may not be durable
     */
    public void awaitDurable(long offset) {
        if (options.mode() != DurabilityMode.GROUP_COMMIT) {
            return;
        }
        boolean interrupted = false;
        List<DurabilityWaiter> toWake = null;
        lock.lock();
        boolean locked = true;
        try {
            while (forcedUpTo < offset) {
                if (failure != null) {
                    throw new UncheckedIOException("event store flush failed; event #" + offset
                            + " may not be durable", failure);
                }
                if (segmentsClosed) {
                    throw new IllegalStateException("event store closed before event #" + offset + " was flushed");
                }
                if (!flushing) {
                    // a first flush always covers its leader's offset; waking here is for the odd case that it did not
                    DurabilityWaiter.wake(toWake);
                    toWake = leadFlush();
                    continue;
                }
                DurabilityWaiter waiter = new DurabilityWaiter(offset, Thread.currentThread());
                waiters.add(waiter);
                lock.unlock();
                locked = false;
                interrupted |= waiter.park();
                if (waiter.state == DurabilityWaiter.COVERED) {
                    return;
                }
                lock.lock();
                locked = true;
                if (waiter.leads) {
                    leaderHandedOn = false;
                }
            }
            if (toWake == null && !flushing && !leaderHandedOn && !waiters.isEmpty()) {
                // told to lead but covered meanwhile (by the flusher or a roll): the others still need a leader
                toWake = releaseCovered(true);
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
            // after the unlock: the woken followers return without the lock, the next leader takes it
            DurabilityWaiter.wake(toWake);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forces the active segment for every record written so far; called and returns with the lock held. */
    private List<DurabilityWaiter> leadFlush() {
        flushing = true;
        waitForGroup();
        Segment segment = active;
        long target = lastOffset;
        IOException error = null;
        lock.unlock();
        try {
            segment.sync();
        } catch (IOException e) {
            error = e;
        } finally {
            lock.lock();
        }
        flushing = false;
        if (closed) {
            flushIdle.signalAll();
        }
        if (error != null && !segment.sealed) {
            fail(error);
            return null;
        }
        flushes++;
        forcedUpTo = Math.max(forcedUpTo, target);
        readable.signalAll();
        return releaseCovered(true);
    }

    /**
     * Takes out of the queue the waiters whose offset is durable now and, when asked and others are
     * left, the one that leads the next fsync (first in the returned list). Called with the lock held.
     *
     * @return waiters to {@linkplain DurabilityWaiter#wake wake} after the lock is released; null when none
     */
    private List<DurabilityWaiter> releaseCovered(boolean chooseNextLeader) {
        if (waiters.isEmpty()) {
            return null;
        }
        List<DurabilityWaiter> released = new ArrayList<>(Math.min(waiters.size(), 1024));
        DurabilityWaiter head;
        while ((head = waiters.peek()) != null && head.offset <= forcedUpTo) {
            waiters.poll();
            head.state = DurabilityWaiter.COVERED;
            released.add(head);
        }
        if (chooseNextLeader && !flushing && (head = waiters.poll()) != null) {
            head.leads = true;
            head.state = DurabilityWaiter.RECHECK;
            leaderHandedOn = true;
            leaderHandOffs++;
            released.add(0, head);
        }
        waiterWakeUps += released.size();
        return released;
    }

    /** Wakes every waiter to look at the log again (failure, close); called with the lock held. */
    private void releaseAll() {
        leaderHandedOn = false;
        DurabilityWaiter waiter;
        while ((waiter = waiters.poll()) != null) {
            waiterWakeUps++;
            waiter.state = forcedUpTo >= waiter.offset ? DurabilityWaiter.COVERED : DurabilityWaiter.RECHECK;
            LockSupport.unpark(waiter.thread);
        }
    }

    /**
     * One appender parked until an fsync covers its offset (state {@link #COVERED}) or it has to look
     * again (leads the next fsync, or the log failed or closed). Parking on its own thread instead of
     * a shared condition is what lets a flush wake only the waiters it concerns.
     */
    private static final class DurabilityWaiter implements Comparable<DurabilityWaiter> {
        static final int WAITING = 0;
        static final int COVERED = 1;
        static final int RECHECK = 2;

        final long offset;
        final Thread thread;
        /** Set before {@link #state}: this waiter was chosen to lead the next fsync. */
        boolean leads;
        volatile int state = WAITING;

        DurabilityWaiter(long offset, Thread thread) {
            this.offset = offset;
            this.thread = thread;
        }

        /** @return whether the thread was interrupted meanwhile (the flag is cleared to keep parking) */
        boolean park() {
            boolean interrupted = false;
            while (state == WAITING) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return interrupted;
        }

        static void wake(List<DurabilityWaiter> waiters) {
            if (waiters != null) {
                for (DurabilityWaiter waiter : waiters) {
                    LockSupport.unpark(waiter.thread);
                }
            }
        }

        @Override
        public int compareTo(DurabilityWaiter other) {
            return Long.compare(offset, other.offset);
        }
    }

    /** Optionally lets more appends join the group before the fsync (configured delay and batch). */
    private void waitForGroup() {
        long delay = options.groupCommitMaxDelay().toNanos();
        long deadline = System.nanoTime() + delay;
        leaderWaiting = true;
        try {
            while (!closed && lastOffset - forcedUpTo < options.groupCommitMaxBatch()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                groupFilling.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leaderWaiting = false;
        }
    }

    private void ensureWritable() {
        if (closed) {
            throw new IllegalStateException("event store is closed");
        }
        if (failure != null) {
            throw new UncheckedIOException("event store failed earlier; restart the bundle to recover", failure);
        }
    }

    /**
     * Applies the capacity policy before an append: the incoming event may push out older events of
     * lower or equal priority, telemetry first, oldest first; security events are never pushed out.
     *
     * @return false when the incoming event itself has to be dropped
     */
    private boolean makeRoom(int needed, Priority incoming) {
        if (liveBytes + needed <= options.maxBytes()) {
            return true;
        }
        shedUntilFits(needed, Priority.TELEMETRY);
        if (incoming != Priority.TELEMETRY) {
            shedUntilFits(needed, Priority.NORMAL);
        }
        if (liveBytes + needed <= options.maxBytes()) {
            maybeRaiseShedAlarm(false);
            return true;
        }
        if (incoming == Priority.SECURITY) {
            securityOverCapacity++;
            overCapacitySinceAlarm++;
            maybeRaiseShedAlarm(true);
            return true;
        }
        countShed(incoming);
        maybeRaiseShedAlarm(true);
        return false;
    }

    private void shedUntilFits(int needed, Priority priority) {
        while (liveBytes + needed > options.maxBytes()) {
            if (!shedOldest(priority)) {
                return;
            }
        }
    }

    /** @return false when no live record of this priority is left */
    private boolean shedOldest(Priority priority) {
        byte code = RecordFormat.priorityCode(priority);
        long from = Math.max(shedScan[code], ackedUpTo + 1);
        for (int s = segmentIndexFor(from); s < segments.size(); s++) {
            Segment segment = segments.get(s);
            for (int i = segment.indexAfter(from - 1); i < segment.count(); i++) {
                if (segment.priority(i) == code && !segment.isShed(i)) {
                    shed(segment, i);
                    shedScan[code] = segment.offset(i) + 1;
                    return true;
                }
            }
        }
        shedScan[code] = lastOffset + 1;
        return false;
    }

    private void shed(Segment segment, int i) {
        segment.markShed(i);
        liveBytes -= segment.length(i);
        liveCount--;
        countShed(RecordFormat.priority(segment.priority(i)));
    }

    private void countShed(Priority priority) {
        if (priority == Priority.TELEMETRY) {
            shedTelemetry++;
        } else {
            shedNormal++;
        }
        shedSinceAlarm++;
    }

    private void maybeRaiseShedAlarm(boolean wakeMaintenance) {
        long now = clock.millis();
        if (lastShedAlarmAt != Long.MIN_VALUE && now - lastShedAlarmAt < options.alarmInterval().toMillis()) {
            if (wakeMaintenance) {
                maintenanceWake.signal();
            }
            return;
        }
        if (shedSinceAlarm == 0 && overCapacitySinceAlarm == 0) {
            return;
        }
        lastShedAlarmAt = now;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("shed", Long.toString(shedSinceAlarm));
        details.put("securityOverCapacity", Long.toString(overCapacitySinceAlarm));
        details.put("shedTelemetryTotal", Long.toString(shedTelemetry));
        details.put("shedNormalTotal", Long.toString(shedNormal));
        details.put("capacityBytes", Long.toString(options.maxBytes()));
        details.put("liveBytes", Long.toString(liveBytes));
        shedSinceAlarm = 0;
        overCapacitySinceAlarm = 0;
        raise("event-store-full", details);
    }

    private void raise(String alarm, Map<String, String> details) {
        alarmsRaised++;
        LOG.warn("Event store alarm {}: {}", alarm, details);
        try {
            alarms.raise(alarm, details);
        } catch (RuntimeException e) {
            LOG.warn("Alarm sink failed for {}", alarm, e);
        }
    }

    /** Seals the active segment. Its data is forced first, so every record in a sealed segment is durable. */
    private void roll() throws IOException {
        active.sync();
        flushes++;
        forcedUpTo = lastOffset;
        ackPersisted = Math.max(ackPersisted, ackWritten);
        active.sealed = true;
        Segment next = createSegment();
        segments.add(next);
        active = next;
        DurabilityWaiter.wake(releaseCovered(false));
        readable.signalAll();
    }

    // ---------------------------------------------------------------- flusher

    /** Appends flush their own data in the synchronous modes; this thread writes the cursor, and all data when OS_BUFFERED. */
    private boolean flushPending() {
        return (options.mode() == DurabilityMode.OS_BUFFERED && lastOffset > forcedUpTo) || ackedUpTo > ackPersisted
                || rewriteAck;
    }

    private void flushLoop() {
        while (true) {
            Segment segment;
            long target;
            long ackTarget;
            lock.lock();
            try {
                while (!closed && (failure != null || !flushPending())) {
                    flushWork.awaitUninterruptibly();
                }
                if (closed && (failure != null || !flushPending())) {
                    return;
                }
                if (options.mode() == DurabilityMode.OS_BUFFERED) {
                    waitForOsFlushInterval();
                }
                if (ackedUpTo > ackWritten || rewriteAck) {
                    ByteBuffer ack = RecordFormat.ackRecord(ackedUpTo, clock.millis());
                    try {
                        active.write(ack.array(), 0, ack.remaining(), active.size);
                    } catch (IOException e) {
                        fail(e);
                        continue;
                    }
                    active.size += RecordFormat.RECORD_HEADER + RecordFormat.BODY_FIXED;
                    active.lastAck = ackedUpTo;
                    ackWritten = ackedUpTo;
                    rewriteAck = false;
                }
                segment = active;
                target = lastOffset;
                ackTarget = ackWritten;
            } finally {
                lock.unlock();
            }
            try {
                segment.sync();
            } catch (IOException e) {
                lock.lock();
                try {
                    // a roll forced and sealed the segment meanwhile: what we wanted is durable already
                    if (!segment.sealed) {
                        fail(e);
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
            }
            lock.lock();
            try {
                flushes++;
                forcedUpTo = Math.max(forcedUpTo, target);
                ackPersisted = Math.max(ackPersisted, ackTarget);
                // also covers group-commit waiters; a leader, if any, is still running and hands on the lead
                DurabilityWaiter.wake(releaseCovered(false));
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void waitForOsFlushInterval() {
        long deadline = System.nanoTime() + options.osBufferedFlushInterval().toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                flushWork.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
            LOG.error("Event store {} failed to write or flush; appends are refused until it is reopened",
                    options.directory(), e);
            raise("event-store-failed", Map.of("error", String.valueOf(e.getMessage())));
        }
        releaseAll();
    }

    // ---------------------------------------------------------------- reading and acknowledging

    private long readableUpTo() {
        return options.mode() == DurabilityMode.OS_BUFFERED ? lastOffset : forcedUpTo;
    }

    private record RecordRef(Segment segment, long position, int length, long offset) {
    }

    @Override
    public List<StoredEvent> readFrom(long afterOffset, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        for (int attempt = 0;; attempt++) {
            List<RecordRef> refs = new ArrayList<>(Math.min(max, 1024));
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("event store is closed");
                }
                long from = Math.max(afterOffset, ackedUpTo) + 1;
                long limit = readableUpTo();
                collect:
                for (int s = segmentIndexFor(from); s < segments.size(); s++) {
                    Segment segment = segments.get(s);
                    for (int i = segment.indexAfter(from - 1); i < segment.count(); i++) {
                        if (segment.offset(i) > limit) {
                            break collect;
                        }
                        if (!segment.isShed(i)) {
                            refs.add(new RecordRef(segment, segment.position(i), segment.length(i),
                                    segment.offset(i)));
                            if (refs.size() == max) {
                                break collect;
                            }
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
            try {
                return read(refs);
            } catch (IOException e) {
                boolean retired = refs.stream().anyMatch(r -> r.segment().retired);
                if (!retired) {
                    throw new UncheckedIOException("event store " + options.directory() + " cannot read", e);
                }
                if (attempt >= 3) {
                    throw new UncheckedIOException("event store segments keep changing under the reader", e);
                }
                // a segment was compacted or deleted between indexing and reading: index again
            }
        }
    }

    /** Reads runs of adjacent records with one positional read each. */
    private List<StoredEvent> read(List<RecordRef> refs) throws IOException {
        List<StoredEvent> events = new ArrayList<>(refs.size());
        int i = 0;
        while (i < refs.size()) {
            RecordRef first = refs.get(i);
            int j = i + 1;
            long end = first.position() + first.length();
            while (j < refs.size() && refs.get(j).segment() == first.segment() && refs.get(j).position() == end
                    && end - first.position() + refs.get(j).length() <= READ_CHUNK) {
                end += refs.get(j).length();
                j++;
            }
            byte[] bytes = new byte[(int) (end - first.position())];
            first.segment().read(bytes, 0, bytes.length, first.position());
            for (int k = i; k < j; k++) {
                RecordRef ref = refs.get(k);
                int start = (int) (ref.position() - first.position());
                int body = ref.length() - RecordFormat.RECORD_HEADER;
                if (!RecordFormat.checksumMatches(bytes, start, body)) {
                    // bit rot after the store was opened: lose this one event loudly, keep the rest
                    lock.lock();
                    try {
                        raise("event-store-record-corrupt", Map.of("offset", Long.toString(ref.offset())));
                    } finally {
                        lock.unlock();
                    }
                    continue;
                }
                ByteBuffer payload = ByteBuffer.wrap(bytes, start + RecordFormat.RECORD_HEADER + RecordFormat.BODY_FIXED,
                        body - RecordFormat.BODY_FIXED).slice();
                events.add(new StoredEvent(ref.offset(), EventCodec.decode(payload)));
            }
            i = j;
        }
        return events;
    }

    @Override
    public boolean awaitReadable(long afterOffset, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!closed) {
                if (firstLiveAfter(Math.max(afterOffset, ackedUpTo), readableUpTo()) >= 0) {
                    return true;
                }
                if (left <= 0) {
                    return false;
                }
                left = readable.awaitNanos(left);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** @return the offset of the first live record in (after, limit], or -1 */
    private long firstLiveAfter(long after, long limit) {
        for (int s = segmentIndexFor(after + 1); s < segments.size(); s++) {
            Segment segment = segments.get(s);
            for (int i = segment.indexAfter(after); i < segment.count(); i++) {
                if (segment.offset(i) > limit) {
                    return -1;
                }
                if (!segment.isShed(i)) {
                    return segment.offset(i);
                }
            }
        }
        return -1;
    }

    @Override
    public void acknowledge(long upToOffset) {
        lock.lock();
        try {
            long upTo = Math.min(upToOffset, readableUpTo());
            if (closed || upTo <= ackedUpTo) {
                return;
            }
            for (int s = segmentIndexFor(ackedUpTo + 1); s < segments.size(); s++) {
                Segment segment = segments.get(s);
                int i = segment.indexAfter(ackedUpTo);
                for (; i < segment.count() && segment.offset(i) <= upTo; i++) {
                    if (!segment.isShed(i)) {
                        liveBytes -= segment.length(i);
                        liveCount--;
                        acknowledged++;
                    }
                }
                if (i < segment.count()) {
                    break;
                }
            }
            ackedUpTo = upTo;
            flushWork.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long acknowledgedUpTo() {
        lock.lock();
        try {
            return ackedUpTo;
        } finally {
            lock.unlock();
        }
    }

    /** @return group-commit waiters woken so far and, of those, the ones woken to lead an fsync */
    long[] wakeUps() {
        lock.lock();
        try {
            return new long[] { waiterWakeUps, leaderHandOffs };
        } finally {
            lock.unlock();
        }
    }

    /** @return what a returned append promises */
    public DurabilityMode mode() {
        return options.mode();
    }

    /**
     * @return the highest sequence number of any event appended to this store, also of events since
     *     forwarded and deleted (a new segment starts with it); empty for a store that has never held
     *     an event, or whose history was written by a version that did not keep it
     */
    public OptionalLong lastSequence() {
        lock.lock();
        try {
            return lastSequence < 0 ? OptionalLong.empty() : OptionalLong.of(lastSequence);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates the next segment, durably. It starts with the current cursor carrying the last sequence
     * number, so the sequence survives the deletion of every older segment.
     */
    private Segment createSegment() throws IOException {
        ByteBuffer first = lastSequence < 0 ? null : RecordFormat.ackRecord(ackWritten, clock.millis(), lastSequence);
        Segment segment = Segment.create(options.directory(), lastOffset + 1, first);
        forceDirectory(options.directory());
        if (first != null) {
            segment.lastAck = ackWritten;
            segment.ackedSequence = lastSequence;
        }
        return segment;
    }

    /** @return the highest acknowledged position that is on disk: a restart resumes at least here */
    public long acknowledgedDurablyUpTo() {
        lock.lock();
        try {
            return ackPersisted;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long depth() {
        lock.lock();
        try {
            return liveCount;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Duration oldestAge() {
        lock.lock();
        try {
            return oldestAgeLocked();
        } finally {
            lock.unlock();
        }
    }

    private Duration oldestAgeLocked() {
        long first = firstLiveAfter(ackedUpTo, Long.MAX_VALUE);
        if (first < 0) {
            return Duration.ZERO;
        }
        Segment segment = segments.get(segmentIndexFor(first));
        long at = segment.appendedAt(segment.indexOf(first));
        return Duration.ofMillis(Math.max(0, clock.millis() - at));
    }

    @Override
    public EventStoreStats stats() {
        lock.lock();
        try {
            long disk = 0;
            for (Segment segment : segments) {
                disk += segment.size;
            }
            return new EventStoreStats(options.mode(), liveCount, liveBytes, disk, segments.size(), oldestAgeLocked(),
                    lastOffset, ackedUpTo, appended, flushes, acknowledged, shedTelemetry, shedNormal,
                    securityOverCapacity, truncatedBytes, compactions, alarmsRaised);
        } finally {
            lock.unlock();
        }
    }

    /** @return the index of the segment that holds {@code offset} or, if none, the first one after it */
    private int segmentIndexFor(long offset) {
        int lo = 0;
        int hi = segments.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segments.get(mid).baseOffset <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- maintenance

    private void maintenanceLoop() {
        while (true) {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                maintenanceWake.await(options.maintenanceInterval().toNanos(), TimeUnit.NANOSECONDS);
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                maintain();
            } catch (RuntimeException | IOException e) {
                LOG.warn("Event store maintenance failed; retrying next interval", e);
            }
        }
    }

    /** One round of age shedding, segment deletion and compaction. Visible for tests. */
    void maintain() throws IOException {
        List<Segment> deletable = new ArrayList<>();
        Segment compactable = null;
        lock.lock();
        try {
            applyAgeBound();
            maybeRaiseShedAlarm(false);
            long disk = 0;
            long bestDead = 0;
            for (Segment segment : segments) {
                disk += segment.size;
            }
            for (Segment segment : segments) {
                if (!segment.sealed) {
                    continue;
                }
                long live = liveBytesOf(segment);
                if (live == 0) {
                    deletable.add(segment);
                } else {
                    long dead = segment.size - RecordFormat.SEGMENT_HEADER - live;
                    if (dead * 2 >= segment.size && dead > bestDead) {
                        bestDead = dead;
                        compactable = segment;
                    }
                }
            }
            for (Segment segment : deletable) {
                segments.remove(segment);
                segment.retired = true;
                if (segment.lastAck >= ackWritten) {
                    rewriteAck = true;
                    flushWork.signal();
                }
            }
            if (compactable != null && disk - deletableBytes(deletable) <= options.maxBytes() + options.segmentBytes()) {
                compactable = null;
            }
        } finally {
            lock.unlock();
        }
        for (Segment segment : deletable) {
            segment.close();
            Files.deleteIfExists(segment.path);
            LOG.debug("Deleted segment {}", segment.path.getFileName());
        }
        if (compactable != null) {
            compact(compactable);
        }
    }

    private static long deletableBytes(List<Segment> deletable) {
        long bytes = 0;
        for (Segment segment : deletable) {
            bytes += segment.size;
        }
        return bytes;
    }

    private long liveBytesOf(Segment segment) {
        long live = 0;
        for (int i = segment.indexAfter(ackedUpTo); i < segment.count(); i++) {
            if (!segment.isShed(i)) {
                live += segment.length(i);
            }
        }
        return live;
    }

    private void applyAgeBound() {
        long cutoff = clock.millis() - options.maxAge().toMillis();
        long from = Math.max(ageScan, ackedUpTo + 1);
        for (int s = segmentIndexFor(from); s < segments.size(); s++) {
            Segment segment = segments.get(s);
            for (int i = segment.indexAfter(from - 1); i < segment.count(); i++) {
                if (segment.appendedAt(i) >= cutoff) {
                    ageScan = segment.offset(i);
                    return;
                }
                if (!segment.isShed(i) && segment.priority(i) != RecordFormat.priorityCode(Priority.SECURITY)) {
                    shed(segment, i);
                }
            }
        }
        ageScan = lastOffset + 1;
    }

    /**
     * Rewrites a sealed segment with only its live records (and its last ACK record). Built off the
     * lock; only the swap of the index takes it, so appends never wait for the copy.
     */
    private void compact(Segment old) throws IOException {
        List<RecordRef> keep = new ArrayList<>();
        long lastAck;
        long ackedSequence;
        lock.lock();
        try {
            for (int i = old.indexAfter(ackedUpTo); i < old.count(); i++) {
                if (!old.isShed(i)) {
                    keep.add(new RecordRef(old, old.position(i), old.length(i), old.offset(i)));
                }
            }
            lastAck = old.lastAck;
            ackedSequence = old.ackedSequence;
        } finally {
            lock.unlock();
        }
        Path tmp = old.path.resolveSibling(old.path.getFileName() + RecordFormat.COMPACTING_SUFFIX);
        Files.deleteIfExists(tmp);
        long[] newPositions = new long[keep.size()];
        try (RandomAccessFile out = new RandomAccessFile(tmp.toFile(), "rw")) {
            long position = 0;
            out.write(RecordFormat.segmentHeader().array());
            position += RecordFormat.SEGMENT_HEADER;
            for (int k = 0; k < keep.size(); k++) {
                RecordRef ref = keep.get(k);
                byte[] record = new byte[ref.length()];
                old.read(record, 0, record.length, ref.position());
                out.write(record);
                newPositions[k] = position;
                position += record.length;
            }
            if (ackedSequence >= 0) {
                out.write(RecordFormat.ackRecord(Math.max(lastAck, 0), clock.millis(), ackedSequence).array());
            } else if (lastAck >= 0) {
                out.write(RecordFormat.ackRecord(lastAck, clock.millis()).array());
            }
            out.getFD().sync();
        }
        Files.move(tmp, old.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(options.directory());
        Segment fresh = Segment.open(old.path, old.baseOffset);
        fresh.size = fresh.fileLength();
        fresh.lastAck = lastAck;
        fresh.ackedSequence = ackedSequence;
        fresh.sealed = true;
        lock.lock();
        try {
            int at = segments.indexOf(old);
            if (at < 0) {
                fresh.close();
                return;
            }
            for (int k = 0; k < keep.size(); k++) {
                int i = old.indexOf(keep.get(k).offset());
                fresh.add(old.offset(i), newPositions[k], old.length(i), old.appendedAt(i), old.priority(i));
                if (old.isShed(i)) {
                    fresh.markShed(fresh.count() - 1);
                }
            }
            segments.set(at, fresh);
            old.retired = true;
            compactions++;
        } finally {
            lock.unlock();
        }
        LOG.info("Compacted segment {}: {} -> {} bytes", old.path.getFileName(), old.size, fresh.size);
        old.close();
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(options.directory())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.endsWith(RecordFormat.COMPACTING_SUFFIX)) {
                    // a compaction that did not reach its rename: the original is intact
                    Files.deleteIfExists(p);
                } else if (name.endsWith(RecordFormat.SEGMENT_SUFFIX) && baseOf(p) >= 0) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparingLong(SegmentedEventLog::baseOf));
        long maxAck = 0;
        long maxOffset = 0;
        for (int f = 0; f < files.size(); f++) {
            Segment segment = open(files.get(f), maxOffset);
            if (segment == null) {
                continue;
            }
            segment.sealed = f < files.size() - 1;
            segments.add(segment);
            maxOffset = Math.max(maxOffset, Math.max(segment.lastOffset(), segment.baseOffset - 1));
            maxAck = Math.max(maxAck, segment.lastAck);
            lastSequence = Math.max(lastSequence, segment.ackedSequence);
        }
        if (!segments.isEmpty()) {
            maxAck = Math.max(maxAck, segments.get(0).baseOffset - 1);
        }
        lastOffset = maxOffset;
        forcedUpTo = maxOffset;
        ackedUpTo = Math.min(maxAck, maxOffset);
        ackWritten = ackedUpTo;
        ackPersisted = ackedUpTo;
        if (segments.isEmpty() || segments.get(segments.size() - 1).sealed) {
            segments.add(createSegment());
        }
        active = segments.get(segments.size() - 1);
        for (Segment segment : segments) {
            liveBytes += liveBytesOf(segment);
            for (int i = segment.indexAfter(ackedUpTo); i < segment.count(); i++) {
                liveCount++;
            }
        }
        shedUntilFits(0, Priority.TELEMETRY);
        shedUntilFits(0, Priority.NORMAL);
        LOG.info("Opened event store {}: {} segments, {} events waiting ({} bytes), offsets up to {}, acknowledged up to {}",
                options.directory(), segments.size(), liveCount, liveBytes, lastOffset, ackedUpTo);
    }

    private static long baseOf(Path p) {
        String name = p.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - RecordFormat.SEGMENT_SUFFIX.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Scans one segment, truncating it at the first record whose framing or checksum is wrong.
     *
     * @return the segment with its index, or null when the file is not a segment at all (it is
     *     moved aside)
     */
    private Segment open(Path path, long previousOffset) throws IOException {
        long base = baseOf(path);
        Segment segment = Segment.open(path, base);
        long fileSize = segment.fileLength();
        if (fileSize < RecordFormat.SEGMENT_HEADER) {
            // created but never given its header: torn at birth
            segment.truncate(0);
            byte[] header = RecordFormat.segmentHeader().array();
            segment.write(header, 0, header.length, 0);
            segment.sync();
            segment.size = header.length;
            reportTruncation(path, fileSize, 0, "segment header incomplete");
            return segment;
        }
        byte[] header = new byte[RecordFormat.SEGMENT_HEADER];
        segment.read(header, 0, header.length, 0);
        ByteBuffer h = ByteBuffer.wrap(header);
        if (h.getInt() != RecordFormat.MAGIC || h.getInt() != RecordFormat.FORMAT_VERSION) {
            segment.close();
            Path aside = path.resolveSibling(path.getFileName() + ".unreadable");
            Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
            truncatedBytes += fileSize;
            raise("event-store-corrupt", Map.of("segment", path.getFileName().toString(), "bytes",
                    Long.toString(fileSize), "reason", "not a segment file; moved to " + aside.getFileName()));
            return null;
        }
        long position = RecordFormat.SEGMENT_HEADER;
        long lastEvent = Math.max(previousOffset, base - 1);
        byte[] chunk = new byte[4096];
        String problem = null;
        while (position < fileSize) {
            if (fileSize - position < RecordFormat.RECORD_HEADER) {
                problem = "record header cut short";
                break;
            }
            segment.read(chunk, 0, RecordFormat.RECORD_HEADER, position);
            int body = ByteBuffer.wrap(chunk, 0, 4).getInt();
            if (body < RecordFormat.BODY_FIXED || body > RecordFormat.MAX_BODY) {
                problem = "implausible record length " + body;
                break;
            }
            if (fileSize - position - RecordFormat.RECORD_HEADER < body) {
                problem = "record body cut short";
                break;
            }
            int length = RecordFormat.RECORD_HEADER + body;
            if (chunk.length < length) {
                chunk = java.util.Arrays.copyOf(chunk, Math.max(length, chunk.length * 2));
            }
            segment.read(chunk, RecordFormat.RECORD_HEADER, body, position + RecordFormat.RECORD_HEADER);
            if (!RecordFormat.checksumMatches(chunk, 0, body)) {
                problem = "checksum mismatch";
                break;
            }
            ByteBuffer fields = ByteBuffer.wrap(chunk, RecordFormat.RECORD_HEADER, RecordFormat.BODY_FIXED);
            byte kind = fields.get();
            long offset = fields.getLong();
            long appendedAt = fields.getLong();
            byte priority = fields.get();
            if (kind == RecordFormat.KIND_EVENT) {
                if (offset <= lastEvent || priority < 0 || priority > 2) {
                    problem = "offset " + offset + " out of order after " + lastEvent;
                    break;
                }
                segment.add(offset, position, length, appendedAt, priority);
                lastEvent = offset;
                int payload = RecordFormat.RECORD_HEADER + RecordFormat.BODY_FIXED;
                try {
                    lastSequence = Math.max(lastSequence,
                            EventCodec.sequence(ByteBuffer.wrap(chunk, payload, length - payload).slice()));
                } catch (IllegalArgumentException e) {
                    // checksum right, payload unreadable: a newer event encoding; reading it reports it
                    LOG.debug("Event record {} in {}: sequence unreadable: {}", offset, path.getFileName(), e.toString());
                }
            } else if (kind == RecordFormat.KIND_ACK) {
                segment.lastAck = Math.max(segment.lastAck, offset);
                if (body >= RecordFormat.BODY_FIXED + RecordFormat.SEQUENCE_PAYLOAD) {
                    segment.ackedSequence = Math.max(segment.ackedSequence, ByteBuffer.wrap(chunk,
                            RecordFormat.RECORD_HEADER + RecordFormat.BODY_FIXED, RecordFormat.SEQUENCE_PAYLOAD).getLong());
                }
            } else {
                problem = "unknown record kind " + kind;
                break;
            }
            position += length;
        }
        if (problem != null) {
            segment.truncate(position);
            reportTruncation(path, fileSize, position, problem);
        }
        // after kill -9 the page cache still holds what was written: make it durable now
        segment.sync();
        segment.size = position;
        return segment;
    }

    private void reportTruncation(Path path, long fileSize, long at, String problem) {
        long bytes = fileSize - at;
        truncatedBytes += bytes;
        LOG.warn("Event store segment {}: {} at byte {}; truncated {} bytes (events in them were never acknowledged "
                + "to their publisher when the tail is torn)", path.getFileName(), problem, at, bytes);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("segment", path.getFileName().toString());
        details.put("at", Long.toString(at));
        details.put("bytes", Long.toString(bytes));
        details.put("reason", problem);
        raise("event-store-tail-truncated", details);
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            flushWork.signalAll();
            groupFilling.signalAll();
            readable.signalAll();
            maintenanceWake.signalAll();
        } finally {
            lock.unlock();
        }
        joinQuietly(flusher);
        joinQuietly(maintenance);
        lock.lock();
        try {
            // appends in flight are flushed by their leader or below, not cut off by closing its file
            while (flushing) {
                flushIdle.awaitUninterruptibly();
            }
            boolean allForced = true;
            for (Segment segment : segments) {
                try {
                    segment.sync();
                } catch (IOException e) {
                    allForced = false;
                    LOG.warn("Cannot flush {} on close", segment.path, e);
                }
                segment.retired = true;
                segment.close();
            }
            if (allForced) {
                forcedUpTo = lastOffset;
            }
            segmentsClosed = true;
            releaseAll();
        } finally {
            lock.unlock();
        }
        LOG.info("Closed event store {}", options.directory());
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes a file creation or rename durable; not every platform can open a directory for this. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot force directory {}", directory, e);
        }
    }
}
