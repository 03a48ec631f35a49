package com.nexefii.gateway.deploy;

/** How {@link PackageInstaller#install} ended. */
public enum InstallOutcome {
    /** A package that was not installed before is installed and healthy. */
    INSTALLED,
    /** A new version replaced the installed one and is healthy. */
    UPDATED,
    /** This exact version was already installed: nothing changed. */
    UNCHANGED,
    /** The new version failed its health gate and the previous state is restored. */
    ROLLED_BACK,
    /** Deployment Admin refused the package (its own session was undone), or the rollback failed. */
    FAILED;

    /** @return true when the requested version is now running */
    public boolean succeeded() {
        return this == INSTALLED || this == UPDATED || this == UNCHANGED;
    }
}
