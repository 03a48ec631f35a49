package com.nexefii.lock.api;

/**
 * How much an event matters when storage runs short: the event store sheds {@link #TELEMETRY}
 * first and never drops {@link #SECURITY}.
 */
public enum Priority {
    SECURITY, NORMAL, TELEMETRY
}
