package com.nexefii.cloud.connector.mqtt;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The events published and not yet acknowledged, in store order. The store's cursor may only move
 * over a contiguous prefix of acknowledged events: an acknowledgement for event N while N-1 is still
 * out moves nothing, so an event lost anywhere between the gateway and the cloud's database holds
 * the cursor until it is sent again. Not thread-safe: the forwarder guards it with one lock.
 */
final class ForwardingWindow {

    /** No cursor move. */
    static final long NO_MOVE = -1;

    private record Entry(long offset, long seq, long sentNanos) {
    }

    /** What an acknowledgement did: events newly acknowledged, and the new cursor or {@link #NO_MOVE}. */
    record Progress(int acknowledged, long cursor) {
    }

    private final ArrayDeque<Entry> inFlight = new ArrayDeque<>();
    private final Set<Long> acknowledged = new HashSet<>();

    void sent(long offset, long seq, long sentNanos) {
        inFlight.addLast(new Entry(offset, seq, sentNanos));
    }

    /** The last {@link #sent} did not reach Paho after all. */
    void unsent() {
        Entry last = inFlight.pollLast();
        if (last != null) {
            acknowledged.remove(last.offset());
        }
    }

    int size() {
        return inFlight.size();
    }

    void clear() {
        inFlight.clear();
        acknowledged.clear();
    }

    /** The broker acknowledged (PUBACK) the event at {@code offset}. */
    Progress acknowledgeOffset(long offset) {
        int newly = 0;
        for (Entry e : inFlight) {
            if (e.offset() == offset) {
                newly = acknowledged.add(offset) ? 1 : 0;
                break;
            }
        }
        return new Progress(newly, advance());
    }

    /**
     * The cloud acknowledged every event whose seq is in one of {@code ranges} (inclusive pairs, any
     * order). Seqs it names that are not in flight are ignored: they were acknowledged before, or will
     * be sent (and acknowledged) again.
     */
    Progress acknowledgeSeqs(List<long[]> ranges) {
        long[][] sorted = ranges.toArray(long[][]::new);
        Arrays.sort(sorted, Comparator.comparingLong(r -> r[0]));
        int newly = 0;
        for (Entry e : inFlight) {
            if (contains(sorted, e.seq()) && acknowledged.add(e.offset())) {
                newly++;
            }
        }
        return new Progress(newly, advance());
    }

    private static boolean contains(long[][] sortedByFrom, long seq) {
        int lo = 0;
        int hi = sortedByFrom.length - 1;
        int candidate = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedByFrom[mid][0] <= seq) {
                candidate = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // ranges may overlap when a sender misbehaves: look back over every range starting at or below seq
        for (int i = candidate; i >= 0; i--) {
            if (seq <= sortedByFrom[i][1]) {
                return true;
            }
        }
        return false;
    }

    private long advance() {
        long cursor = NO_MOVE;
        while (!inFlight.isEmpty() && acknowledged.remove(inFlight.peekFirst().offset())) {
            cursor = inFlight.pollFirst().offset();
        }
        return cursor;
    }

    /** @return whether the oldest event in flight was sent more than {@code timeoutNanos} before {@code nowNanos} */
    boolean overdue(long nowNanos, long timeoutNanos) {
        Entry oldest = inFlight.peekFirst();
        return oldest != null && nowNanos - oldest.sentNanos() > timeoutNanos;
    }
}
