package com.nexefii.cloud.domain.model.rollout;

/** What a gateway reported for a package install (contract {@code packageStage}), plus the cloud's own. */
public enum PackageStage {
    /** The cloud handed the command to the broker (cloud-side only). */
    SENT,
    DOWNLOADING, VERIFYING, INSTALLING, HEALTH_CHECK,
    INSTALLED, UPDATED, UNCHANGED,
    REFUSED, ROLLED_BACK, FAILED,
    /** No result within the rollout's step timeout (cloud-side only). */
    TIMEOUT,
    /** The gateway was not connected within the rollout's offline wait, and the policy skips it (cloud-side only). */
    SKIPPED,
    /** The gateway was not connected within the rollout's offline wait, and the policy stops there (cloud-side only). */
    OFFLINE;

    public boolean terminal() {
        return ordinal() >= INSTALLED.ordinal();
    }

    public boolean succeeded() {
        return this == INSTALLED || this == UPDATED || this == UNCHANGED;
    }

    /** @return the stage, or null when the text is not one */
    public static PackageStage parse(String text) {
        for (PackageStage s : values()) {
            if (s.name().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
