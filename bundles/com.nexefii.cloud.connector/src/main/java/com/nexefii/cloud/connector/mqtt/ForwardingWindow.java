package com.nexefii.cloud.connector.mqtt;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events published and not yet acknowledged, in store order. The store's cursor may only move
 * over a contiguous prefix of acknowledged events: an acknowledgement for event N while N-1 is still
 * out moves nothing, so an event lost anywhere between the gateway and the cloud's database holds
 * the cursor until it is sent again. Not thread-safe: the forwarder guards it with one lock.
 */
final class ForwardingWindow {

    /** No cursor move. */
    static final long NO_MOVE = -1;

    private static final class Entry {
        final long offset;
        final long seq;
        final long sentNanos;
        boolean acknowledged;
        /** The next entry in flight with the same seq (only when an adapter's events shared one). */
        Entry sameSeq;

        Entry(long offset, long seq, long sentNanos) {
            this.offset = offset;
            this.seq = seq;
            this.sentNanos = sentNanos;
        }
    }

    /** What an acknowledgement did: events newly acknowledged, and the new cursor or {@link #NO_MOVE}. */
    record Progress(int acknowledged, long cursor) {
    }

    private final ArrayDeque<Entry> inFlight = new ArrayDeque<>();
    // indexes, so that an acknowledgement costs what it names, not a scan of the whole window
    private final Map<Long, Entry> byOffset = new HashMap<>();
    private final Map<Long, Entry> bySeq = new HashMap<>();

    void sent(long offset, long seq, long sentNanos) {
        Entry e = new Entry(offset, seq, sentNanos);
        inFlight.addLast(e);
        byOffset.put(offset, e);
        e.sameSeq = bySeq.put(seq, e);
    }

    /** The last {@link #sent} did not reach Paho after all. */
    void unsent() {
        Entry last = inFlight.pollLast();
        if (last != null) {
            forget(last);
        }
    }

    private void forget(Entry e) {
        byOffset.remove(e.offset);
        // rebuild the seq chain without e (longer than one only after an adapter's mistake, and short)
        Entry rebuilt = null;
        for (Entry other = bySeq.remove(e.seq); other != null;) {
            Entry next = other.sameSeq;
            if (other != e) {
                other.sameSeq = rebuilt;
                rebuilt = other;
            }
            other = next;
        }
        if (rebuilt != null) {
            bySeq.put(e.seq, rebuilt);
        }
    }

    int size() {
        return inFlight.size();
    }

    void clear() {
        inFlight.clear();
        byOffset.clear();
        bySeq.clear();
    }

    /** The broker acknowledged (PUBACK) the event at {@code offset}. */
    Progress acknowledgeOffset(long offset) {
        Entry e = byOffset.get(offset);
        int newly = e != null && mark(e) ? 1 : 0;
        return new Progress(newly, advance());
    }

    /**
     * The cloud acknowledged every event whose seq is in one of {@code ranges} (inclusive pairs, any
     * order, possibly overlapping). Seqs it names that are not in flight are ignored: they were
     * acknowledged before, or will be sent (and acknowledged) again.
     */
    Progress acknowledgeSeqs(List<long[]> ranges) {
        int newly = 0;
        for (long[] range : ranges) {
            long from = range[0];
            long to = range[1];
            if (to < from) {
                continue;
            }
            if (to - from < bySeq.size()) {
                for (long seq = from; seq <= to; seq++) {
                    for (Entry e = bySeq.get(seq); e != null; e = e.sameSeq) {
                        newly += mark(e) ? 1 : 0;
                    }
                }
            } else {
                // a range wider than the window: look at the window instead
                for (Entry e : inFlight) {
                    if (e.seq >= from && e.seq <= to) {
                        newly += mark(e) ? 1 : 0;
                    }
                }
            }
        }
        return new Progress(newly, advance());
    }

    private static boolean mark(Entry e) {
        if (e.acknowledged) {
            return false;
        }
        e.acknowledged = true;
        return true;
    }

    private long advance() {
        long cursor = NO_MOVE;
        while (!inFlight.isEmpty() && inFlight.peekFirst().acknowledged) {
            Entry e = inFlight.pollFirst();
            forget(e);
            cursor = e.offset;
        }
        return cursor;
    }

    /** @return whether the oldest event in flight was sent more than {@code timeoutNanos} before {@code nowNanos} */
    boolean overdue(long nowNanos, long timeoutNanos) {
        Entry oldest = inFlight.peekFirst();
        return oldest != null && nowNanos - oldest.sentNanos > timeoutNanos;
    }
}
