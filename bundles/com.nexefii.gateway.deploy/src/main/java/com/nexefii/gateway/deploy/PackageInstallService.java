package com.nexefii.gateway.deploy;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs a package the cloud asked for: downloads it over HTTPS from the cloud (only the cloud CA of the
 * configuration is trusted, the announced size is a hard limit, the SHA-256 must match), then verifies,
 * installs and health-checks it through {@link PackageInstaller#install}, which rolls back on its own.
 * A file that fails any check never reaches Deployment Admin.
 *
 * <p>The outcome of every request is written to the service's data area before its listener hears it, and
 * stays there until the listener took it or the requester confirmed it ({@link #reported}). A package that
 * replaces the requester itself (the core package holds the cloud connector) ends while the listener that
 * asked for it is gone; the requester's next incarnation finds the outcome in {@link #unreported()}.
 */
@ProviderType
public interface PackageInstallService {

    /**
     * Queues a request and returns at once. Requests run one at a time in arrival order, on the service's
     * own thread; the listener hears every stage there, ending with exactly one terminal stage
     * ({@link PackageInstallStage#terminal()}). A request the service cannot take (queue full, stopping)
     * ends at once with {@link PackageInstallStage#REFUSED}, on the calling thread. When the listener throws
     * (or its bundle is gone) on the terminal stage, the outcome is kept for {@link #unreported()}.
     */
    void install(PackageInstallRequest request, PackageInstallListener listener);

    /**
     * @return outcomes whose listener failed and that nobody confirmed yet, oldest first; kept across
     *     restarts of the gateway
     * @since 1.2
     */
    List<PackageInstallOutcome> unreported();

    /**
     * Forgets a kept outcome once the requester reported it (durably).
     *
     * @param requestId {@link PackageInstallRequest#requestId()}; unknown ids are ignored
     * @since 1.2
     */
    void reported(String requestId);
}
