package com.nexefii.event.store;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import com.nexefii.lock.api.LockEvent;

/**
 * A durable, bounded, ordered queue of lock events waiting to reach the cloud.
 *
 * <p>Every stored event gets an <em>offset</em>: the store's own append position, strictly
 * increasing, so append order is forwarding order. Offsets are not contiguous once events are shed
 * or compacted away. An event leaves the store when an offset at or above it is
 * {@linkplain #acknowledge acknowledged}, or when the capacity policy sheds it (never a
 * {@link com.nexefii.lock.api.Priority#SECURITY} event).
 */
@ProviderType
public interface EventStore {

    /** Returned by {@link #append} when the capacity policy refused the event. */
    long NOT_STORED = -1;

    /**
     * Appends an event. Returns only when the event is as durable as the configured
     * {@link DurabilityMode} promises (on disk for {@code FSYNC_EACH} and {@code GROUP_COMMIT}).
     *
     * @return the event's offset, or {@link #NOT_STORED} when the store is full and the event's
     *     priority is lower than everything it holds (the event is counted as shed and an alarm is
     *     raised); {@link com.nexefii.lock.api.Priority#SECURITY} events are always stored
     * @throws java.io.UncheckedIOException when the disk refuses the write: the event is not stored
     * @throws IllegalStateException when the store is closed
     */
    long append(LockEvent event);

    /**
     * @param afterOffset return events with an offset greater than this; {@link #acknowledgedUpTo()}
     *     to start from the oldest unacknowledged event
     * @param max at most this many
     * @return durable, unacknowledged, not shed events in offset order; empty when there are none
     */
    List<StoredEvent> readFrom(long afterOffset, int max);

    /**
     * Waits until an event with an offset greater than {@code afterOffset} can be read.
     *
     * @return true when one can be read, false on timeout or when the store is closing
     */
    boolean awaitReadable(long afterOffset, Duration timeout) throws InterruptedException;

    /**
     * Removes every event with an offset up to and including {@code upToOffset}. The new position is
     * written durably with the next group commit (at most one commit interval later); after a crash
     * the events acknowledged in that window are read again, so consumers must be idempotent by
     * event id. Acknowledging below the current position does nothing.
     */
    void acknowledge(long upToOffset);

    /** @return the highest acknowledged offset: reading resumes after it, also after a restart */
    long acknowledgedUpTo();

    /** @return how many events wait to be forwarded */
    long depth();

    /** @return how long the oldest waiting event has been stored; {@link Duration#ZERO} when empty */
    Duration oldestAge();

    /** @return counters and gauges, for metrics and the birth message */
    EventStoreStats stats();
}
