package com.nexefii.gateway.deploy;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs deployment packages, one at a time, behind a signature check and a health gate.
 */
@ProviderType
public interface PackageInstaller {

    /**
     * Verifies, installs or updates, then health-checks a deployment package; rolls back to the
     * previous version (or uninstalls a first install) when the health gate fails.
     *
     * @param deploymentPackage the {@code .dp} file; read, never modified or deleted
     * @param progress told of every step as it happens, on the calling thread
     * @return how it ended; a failed health gate is a report with {@link InstallOutcome#ROLLED_BACK},
     *     not an exception
     * @throws PackageRejectedException when the file is not installed at all: not a deployment package,
     *     unsigned, signed by an untrusted signer, or tampered with
     */
    InstallReport install(Path deploymentPackage, InstallProgress progress) throws PackageRejectedException;

    /**
     * Updates one bundle that is not part of a deployment package, behind the same signature check,
     * health gate and automatic rollback as {@link #install}. The bundle JAR must be signed (jarsigner)
     * by a trusted signer. The report names the bundle's symbolic name as its package name and bundle
     * versions as versions.
     *
     * @throws PackageRejectedException when the JAR is unsigned, untrusted, tampered with, not a bundle,
     *     not installed yet, or belongs to a deployment package (update the package instead)
     */
    InstallReport updateBundle(Path bundleJar, InstallProgress progress) throws PackageRejectedException;

    /**
     * Checks a file the way {@link #install} does, without installing it.
     *
     * @return who signed it and what it contains
     * @throws PackageRejectedException with the reason it would be refused
     */
    VerifiedPackage verify(Path deploymentPackage) throws PackageRejectedException;

    /**
     * Uninstalls a package and forgets its kept versions.
     *
     * @return the version that was uninstalled
     * @throws PackageRejectedException when no package of that name is installed or Deployment Admin
     *     refuses (the message says why)
     */
    String uninstall(String packageName) throws PackageRejectedException;

    /** @return the installed packages, by name */
    List<InstalledPackage> installed();
}
