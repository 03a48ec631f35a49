/**
 * Installing software on a Nexefii gateway safely.
 *
 * <p>{@link com.nexefii.gateway.deploy.PackageInstaller} installs, updates and uninstalls OSGi deployment
 * packages ({@code .dp}). A package is installed only when every entry is signed by a signer whose
 * certificate is, or chains to, a trusted certificate of the gateway's configuration; anything else is
 * refused with a {@link com.nexefii.gateway.deploy.PackageRejectedException} before Deployment Admin sees
 * it. After an install or update, a health gate waits up to a configured window for the package's
 * bundles and components to come up and for every {@link com.nexefii.gateway.deploy.PackageHealthCheck}
 * to pass; when they do not, the previous version is restored automatically and every
 * {@link com.nexefii.gateway.deploy.RollbackListener} hears of it (the lock side reports it to the cloud as
 * a gateway alarm event).
 *
 * <p>{@link com.nexefii.gateway.deploy.ConfigurationSnapshots} keeps the last configuration snapshots
 * (one is taken before every install) and restores one.
 *
 * <p>{@link com.nexefii.gateway.deploy.PackageInstallService} is the cloud's way in (rolling upgrades): it
 * downloads a package over HTTPS from the cloud, checks its size and SHA-256, then hands it to the
 * installer above, reporting every {@link com.nexefii.gateway.deploy.PackageInstallStage} as it goes; an
 * outcome its requester could not hear (the package replaced the requester) is kept until it is reported.
 *
 * <p>This package depends on nothing a deployment package provides: the installer is part of the
 * gateway runtime and must keep working while the packages it installs come and go. Product bundles
 * plug in through the whiteboard interfaces {@link com.nexefii.gateway.deploy.PackageHealthCheck} and
 * {@link com.nexefii.gateway.deploy.RollbackListener}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package com.nexefii.gateway.deploy;
