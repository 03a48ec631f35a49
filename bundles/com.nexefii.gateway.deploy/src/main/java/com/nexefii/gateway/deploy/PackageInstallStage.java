package com.nexefii.gateway.deploy;

/** The stages of a {@link PackageInstallService} request, as the MQTT contract names them. */
public enum PackageInstallStage {
    DOWNLOADING,
    VERIFYING,
    INSTALLING,
    /** Deployment Admin finished; the health gate runs. */
    HEALTH_CHECK,
    /** Terminal: a package that was not installed runs now, healthy. */
    INSTALLED,
    /** Terminal: the requested version replaced the previous one, healthy. */
    UPDATED,
    /** Terminal: this exact version was already installed. */
    UNCHANGED,
    /** Terminal: nothing was installed (download, size, hash, signature, name or version refused). */
    REFUSED,
    /** Terminal: the new version failed its health gate and the previous one runs again. */
    ROLLED_BACK,
    /** Terminal: Deployment Admin refused the package, or the rollback did not complete. */
    FAILED;

    /** @return true for the stages that end a request */
    public boolean terminal() {
        return ordinal() >= INSTALLED.ordinal();
    }

    /** @return true when the requested version runs and is healthy */
    public boolean succeeded() {
        return this == INSTALLED || this == UPDATED || this == UNCHANGED;
    }
}
