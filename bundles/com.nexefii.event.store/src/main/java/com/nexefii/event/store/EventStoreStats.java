package com.nexefii.event.store;

import java.time.Duration;

/**
 * A snapshot of the store's counters (since the store was opened) and gauges.
 *
 * @param mode the configured durability
 * @param depth events waiting to be forwarded
 * @param liveBytes bytes of those events on disk, what the capacity bound counts
 * @param diskBytes bytes of all segment files, including acknowledged and shed records not yet reclaimed
 * @param segments segment files
 * @param oldestAge age of the oldest waiting event
 * @param lastOffset offset of the newest stored event
 * @param acknowledgedUpTo see {@link EventStore#acknowledgedUpTo()}
 * @param appended events appended
 * @param flushes fsyncs of event data; {@code appended / flushes} is the group-commit factor
 * @param acknowledged events removed by acknowledgement
 * @param shedTelemetry telemetry events dropped by the capacity or age policy
 * @param shedNormal normal-priority events dropped by the capacity or age policy
 * @param securityOverCapacity security events kept although the store was full
 * @param truncatedBytes bytes cut off at open because their checksum or framing was wrong
 * @param compactions segments rewritten to reclaim shed records
 * @param alarms alarm events raised
 */
public record EventStoreStats(
        DurabilityMode mode,
        long depth,
        long liveBytes,
        long diskBytes,
        int segments,
        Duration oldestAge,
        long lastOffset,
        long acknowledgedUpTo,
        long appended,
        long flushes,
        long acknowledged,
        long shedTelemetry,
        long shedNormal,
        long securityOverCapacity,
        long truncatedBytes,
        long compactions,
        long alarms) {
}
