package com.nexefii.policy.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PolicyCache#apply(byte[])} did with a policy message.
 *
 * @param status what happened
 * @param appliedVersion the version the cache holds after the call; what the gateway reports on
 *     {@code policy/ack}
 * @param detail why, for logs and counters: the rejection reason, or a note; never a secret
 */
public record ApplyResult(Status status, long appliedVersion, String detail) {

    /** What happened to a policy message. */
    public enum Status {
        /** The message was applied; {@link ApplyResult#appliedVersion()} is its version. */
        APPLIED,
        /** The message's version is not newer than the held one: nothing changed. */
        IGNORED,
        /** A delta that does not start at the held version: the cloud must send a snapshot. */
        NEED_SNAPSHOT,
        /** The message is malformed, for another property, or unsafe (private key material). */
        REJECTED
    }

    public ApplyResult {
        Objects.requireNonNull(status, "status");
        if (appliedVersion < 0) {
            throw new IllegalArgumentException("appliedVersion must not be negative: " + appliedVersion);
        }
    }

    /** @return true when the cloud must answer with a snapshot ({@code needSnapshot} on {@code policy/ack}) */
    public boolean needSnapshot() {
        return status == Status.NEED_SNAPSHOT;
    }

    /** @return the rejection reason when the message was rejected */
    public Optional<String> rejection() {
        return status == Status.REJECTED ? Optional.of(detail == null ? "rejected" : detail) : Optional.empty();
    }

    /** @return true when the message changed the policy */
    public boolean applied() {
        return status == Status.APPLIED;
    }
}
