package com.nexefii.gateway.deploy;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The last configuration snapshots of the gateway: every ConfigurationAdmin configuration with its
 * properties, kept as JSON files in the gateway's data area. The oldest snapshot goes when a new one
 * exceeds the configured number.
 */
@ProviderType
public interface ConfigurationSnapshots {

    /**
     * Takes a snapshot now.
     *
     * @param reason for people, e.g. {@code before install com.nexefii.dp.core 1.2.0}
     */
    ConfigurationSnapshot take(String reason);

    /** @return the kept snapshots, newest first */
    List<ConfigurationSnapshot> list();

    /**
     * Makes the configuration what it was in a snapshot: configurations of the snapshot are created
     * or updated (only when they differ), configurations not in it are deleted; excluded PIDs (the
     * web console password, the installer's trusted certificates) are left alone. A snapshot of the
     * configuration before the restore is taken first, so a restore can be undone.
     *
     * @throws IllegalArgumentException for an unknown snapshot id
     */
    RestoreReport restore(String snapshotId);
}
