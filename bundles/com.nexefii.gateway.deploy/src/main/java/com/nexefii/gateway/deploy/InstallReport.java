package com.nexefii.gateway.deploy;

import java.util.Objects;

/**
 * The result of {@link PackageInstaller#install}.
 *
 * @param packageName the deployment package's symbolic name
 * @param previousVersion the version installed before, or {@code null} for a first install
 * @param requestedVersion the version of the file that was installed
 * @param runningVersion the version installed now, or {@code null} when none is
 * @param outcome how it ended
 * @param health the health gate's verdict on the requested version ({@code null} when the gate did not run)
 * @param signer the subject of the certificate that signed the package
 * @param snapshotId the configuration snapshot taken before the install, or {@code null}
 * @param detail for people: why it failed or was rolled back
 */
public record InstallReport(String packageName, String previousVersion, String requestedVersion,
        String runningVersion, InstallOutcome outcome, HealthReport health, String signer, String snapshotId,
        String detail) {

    public InstallReport {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(requestedVersion, "requestedVersion");
        Objects.requireNonNull(outcome, "outcome");
    }
}
