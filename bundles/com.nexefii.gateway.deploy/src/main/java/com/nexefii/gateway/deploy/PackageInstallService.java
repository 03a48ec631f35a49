package com.nexefii.gateway.deploy;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs a package the cloud asked for: downloads it over HTTPS from the cloud (only the cloud CA of the
 * configuration is trusted, the announced size is a hard limit, the SHA-256 must match), then verifies,
 * installs and health-checks it through {@link PackageInstaller#install}, which rolls back on its own.
 * A file that fails any check never reaches Deployment Admin.
 */
@ProviderType
public interface PackageInstallService {

    /**
     * Queues a request and returns at once. Requests run one at a time in arrival order, on the service's
     * own thread; the listener hears every stage there, ending with exactly one terminal stage
     * ({@link PackageInstallStage#terminal()}). A request the service cannot take (queue full, stopping)
     * ends at once with {@link PackageInstallStage#REFUSED}, on the calling thread.
     */
    void install(PackageInstallRequest request, PackageInstallListener listener);
}
