package com.nexefii.gateway.deploy;

import java.util.List;

/**
 * A deployment package installed on the gateway.
 *
 * @param name its symbolic name
 * @param version its version
 * @param bundles its bundles as {@code symbolic-name version}
 * @param keptVersions versions whose files the gateway keeps for a rollback, newest first
 */
public record InstalledPackage(String name, String version, List<String> bundles, List<String> keptVersions) {

    public InstalledPackage {
        bundles = List.copyOf(bundles);
        keptVersions = List.copyOf(keptVersions);
    }
}
