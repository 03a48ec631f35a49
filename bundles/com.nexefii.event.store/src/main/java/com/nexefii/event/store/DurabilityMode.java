package com.nexefii.event.store;

/** What "append returned" promises about a power cut. */
public enum DurabilityMode {
    /** One fsync per event, in the appending thread. Safe; throughput bound by the disk's flush latency. */
    FSYNC_EACH,
    /**
     * Concurrent appends share one fsync; each append returns only after the fsync that covers its
     * record. Safe, like {@link #FSYNC_EACH}, at a fraction of the flushes.
     */
    GROUP_COMMIT,
    /**
     * UNSAFE: append returns once the record is in the operating system's page cache; a background
     * flush runs periodically. Survives a crash of the JVM, NOT a power cut or kernel panic: events
     * appended since the last flush are lost. For benchmarks and throwaway test gateways only.
     */
    OS_BUFFERED
}
