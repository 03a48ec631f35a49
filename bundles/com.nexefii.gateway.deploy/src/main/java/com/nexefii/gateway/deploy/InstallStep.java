package com.nexefii.gateway.deploy;

/** The steps of {@link PackageInstaller#install}, in the order they can happen. */
public enum InstallStep {
    /** The file is complete on the gateway. */
    RECEIVED,
    /** Every entry is signed by a trusted signer and untouched. */
    VERIFIED,
    /** The configuration before the install is saved. */
    SNAPSHOT_TAKEN,
    /** Deployment Admin is installing. */
    INSTALLING,
    /** Deployment Admin finished; the health gate starts. */
    INSTALLED,
    /** The health gate passed. */
    HEALTHY,
    /** The health gate failed within its window. */
    UNHEALTHY,
    /** The previous version is being restored. */
    ROLLING_BACK,
    /** The previous version is back. */
    ROLLED_BACK,
    /** Deployment Admin refused the package or the rollback did not complete. */
    FAILED
}
