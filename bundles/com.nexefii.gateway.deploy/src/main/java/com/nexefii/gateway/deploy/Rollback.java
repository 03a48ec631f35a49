package com.nexefii.gateway.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * An automatic rollback after a failed health gate.
 *
 * @param id unique, stable across redeliveries
 * @param packageName the package
 * @param failedVersion the version that failed its health gate
 * @param restoredVersion the version running again, or {@code null} when the failed install was a first
 *     install and the package is gone again
 * @param reason the health problems, for people
 * @param at when the rollback completed
 */
public record Rollback(String id, String packageName, String failedVersion, String restoredVersion, String reason,
        Instant at) {

    public Rollback {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(failedVersion, "failedVersion");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
