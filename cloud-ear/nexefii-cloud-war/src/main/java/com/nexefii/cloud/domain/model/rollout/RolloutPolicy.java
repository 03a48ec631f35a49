package com.nexefii.cloud.domain.model.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * What a rollout does when the gateway whose turn it is is not connected: it waits up to {@code offlineWait}
 * for the gateway to come back (the command is sent as soon as it is online), then either skips it (step
 * {@link PackageStage#SKIPPED}, the rollout goes on) or stops there (step {@link PackageStage#OFFLINE}).
 */
public record RolloutPolicy(Duration offlineWait, OnOffline onOffline) {

    /** After {@code offlineWait} without the gateway. */
    public enum OnOffline {
        /** Record the gateway as skipped and go on with the next one. */
        SKIP,
        /** Stop the rollout there, like a failed gateway. */
        STOP
    }

    /** Wait 5 minutes, then stop: nothing is installed behind the operator's back. */
    public static final RolloutPolicy DEFAULT = new RolloutPolicy(Duration.ofMinutes(5), OnOffline.STOP);

    public RolloutPolicy {
        Objects.requireNonNull(offlineWait, "offlineWait");
        Objects.requireNonNull(onOffline, "onOffline");
        if (offlineWait.isNegative()) {
            throw new IllegalArgumentException("offlineWait must not be negative");
        }
    }
}
