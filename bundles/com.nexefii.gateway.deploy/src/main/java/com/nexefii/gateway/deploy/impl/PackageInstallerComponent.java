package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.ConfigurationSnapshots;
import com.nexefii.gateway.deploy.HealthReport;
import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallProgress;
import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.InstallStep;
import com.nexefii.gateway.deploy.InstalledPackage;
import com.nexefii.gateway.deploy.PackageHealthCheck;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.gateway.deploy.Rollback;
import com.nexefii.gateway.deploy.RollbackListener;
import com.nexefii.gateway.deploy.VerifiedPackage;

/**
 * The gateway's package installer. Configuration is optional so that the service is always there to
 * say why nothing can be installed yet: without a trusted certificate every package is refused.
 *
 * <p>Installs run one at a time. The verified file is copied into the data area first and everything
 * after the check (install, rollback) reads that copy, never the caller's file again.
 */
@Component(
        service = PackageInstaller.class,
        immediate = true,
        configurationPid = PackageInstallerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PackageInstallerConfig.class)
public class PackageInstallerComponent implements PackageInstaller {

    static final String PID = "com.nexefii.gateway.deploy";
    private static final Logger LOG = LoggerFactory.getLogger(PackageInstallerComponent.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_REASON = 1000;

    private final ReentrantLock installing = new ReentrantLock();
    private final Map<String, PackageHealthCheck> checks = new ConcurrentHashMap<>();
    private final List<RollbackListener> rollbackListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService reporter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nexefii-rollback-reporter");
        t.setDaemon(true);
        return t;
    });

    private final DeploymentAdmin deploymentAdmin;
    private final PackageInstallerOptions options;
    private final TrustedCertificates trusted;
    private final PackageArchive archive;
    private final RollbackJournal journal;
    private final Path work;
    private final BundleContext context;
    private volatile HealthGate gate;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationSnapshots snapshots;

    @Activate
    public PackageInstallerComponent(@Reference DeploymentAdmin deploymentAdmin,
            @Reference ServiceComponentRuntime scr, BundleContext context, PackageInstallerConfig config)
            throws IOException {
        this.deploymentAdmin = deploymentAdmin;
        this.context = context;
        this.options = PackageInstallerOptions.from(config);
        this.trusted = new TrustedCertificates(options.trusted());
        this.archive = new PackageArchive(context.getDataFile("packages").toPath(), options.keptVersions());
        this.journal = new RollbackJournal(context.getDataFile("rollbacks").toPath());
        this.work = Files.createDirectories(context.getDataFile("work").toPath());
        this.gate = new HealthGate(scr, () -> Map.copyOf(checks), POLL);
        if (trusted.isEmpty()) {
            LOG.warn("Package installer active, but it trusts no signing certificate: every package will be refused"
                    + " until {} trustedCertificates is configured", PID);
        } else {
            LOG.info("Package installer active: trusts {}, health window {} s, keeps {} versions per package",
                    trusted.all().stream().map(c -> c.getSubjectX500Principal().getName()).toList(),
                    options.healthWindow().toSeconds(), options.keptVersions());
        }
        reportPendingRollbacks();
    }

    @Deactivate
    void deactivate() {
        reporter.shutdown();
        try {
            reporter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHealthCheck(PackageHealthCheck check, Map<String, Object> properties) {
        checks.put(checkName(properties), check);
    }

    void removeHealthCheck(PackageHealthCheck check, Map<String, Object> properties) {
        checks.remove(checkName(properties), check);
    }

    private static String checkName(Map<String, Object> properties) {
        Object name = properties.get(PackageHealthCheck.NAME);
        if (name == null) {
            name = properties.get(ComponentConstants.COMPONENT_NAME);
        }
        return name == null ? "health check " + properties.get(Constants.SERVICE_ID) : name.toString();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRollbackListener(RollbackListener listener) {
        rollbackListeners.add(listener);
        reportPendingRollbacks();
    }

    void removeRollbackListener(RollbackListener listener) {
        rollbackListeners.remove(listener);
    }

    @Override
    public VerifiedPackage verify(Path deploymentPackage) throws PackageRejectedException {
        try {
            return new SignedPackageVerifier(trusted).verify(deploymentPackage);
        } catch (IOException e) {
            throw new PackageRejectedException("Cannot read the package: " + e.getMessage(), e);
        }
    }

    @Override
    public InstallReport install(Path deploymentPackage, InstallProgress progress) throws PackageRejectedException {
        Objects.requireNonNull(progress, "progress");
        installing.lock();
        try {
            return installVerified(deploymentPackage, progress);
        } finally {
            installing.unlock();
        }
    }

    private InstallReport installVerified(Path file, InstallProgress progress) throws PackageRejectedException {
        progress.step(InstallStep.RECEIVED, file.getFileName() + ", " + size(file) + " bytes");
        VerifiedPackage verified;
        try {
            verified = verify(file);
        } catch (PackageRejectedException e) {
            LOG.warn("Refused deployment package {}: {}", file.getFileName(), e.getMessage());
            throw e;
        }
        String name = verified.name();
        String version = verified.version();
        progress.step(InstallStep.VERIFIED, name + " " + version + " signed by " + verified.signer());
        DeploymentPackage current = deploymentAdmin.getDeploymentPackage(name);
        String previous = current == null ? null : current.getVersion().toString();
        if (version.equals(previous)) {
            LOG.info("Deployment package {} {} is already installed: nothing to do", name, version);
            return new InstallReport(name, previous, version, previous, InstallOutcome.UNCHANGED, null,
                    verified.signer(), null, "already installed");
        }
        if (current != null && archive.file(name, previous).isEmpty()) {
            try {
                archive.keepRunning(current);
                LOG.info("Kept {} {} for a rollback, rebuilt from its installed bundles (it was not installed"
                        + " through this installer)", name, previous);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot keep the running {} {} for a rollback: {}", name, previous, e.toString());
            }
        }
        Path kept;
        try {
            kept = archive.keep(name, version, file);
        } catch (IOException e) {
            throw new PackageRejectedException("Cannot keep a copy of " + name + " " + version
                    + " in the gateway's data area (needed for a rollback): " + e.getMessage(), e);
        }
        String snapshotId = takeSnapshot("before installing " + name + " " + version
                + (previous == null ? "" : " over " + previous));
        if (snapshotId != null) {
            progress.step(InstallStep.SNAPSHOT_TAKEN, snapshotId);
        }
        HealthGate.Baseline baseline = current == null ? HealthGate.Baseline.NONE : gate.baseline(bundlesOf(current));
        LOG.info("Installing deployment package {} {}{}...", name, version,
                previous == null ? "" : " (replacing " + previous + ")");
        progress.step(InstallStep.INSTALLING, previous == null ? name + " " + version
                : name + " " + previous + " -> " + version);
        try {
            installFile(kept);
        } catch (DeploymentException | IOException e) {
            String detail = e instanceof DeploymentException de ? describe(de) : e.toString();
            LOG.warn("Deployment Admin did not install {} {}: {}", name, version, detail, e);
            forgetQuietly(name, version);
            progress.step(InstallStep.FAILED, detail);
            return new InstallReport(name, previous, version, previous, InstallOutcome.FAILED, null, verified.signer(),
                    snapshotId, "Deployment Admin did not install the package: " + detail);
        }
        progress.step(InstallStep.INSTALLED, name + " " + version + "; health window "
                + options.healthWindow().toSeconds() + " s");
        HealthReport health = awaitHealth(name, baseline);
        if (health.healthy()) {
            LOG.info("Installing deployment package {} {}... done, healthy after {} ms", name, version,
                    health.waited().toMillis());
            progress.step(InstallStep.HEALTHY, name + " " + version + " healthy after " + health.waited().toMillis()
                    + " ms");
            pruneQuietly(name, version);
            return new InstallReport(name, previous, version, version,
                    previous == null ? InstallOutcome.INSTALLED : InstallOutcome.UPDATED, health, verified.signer(),
                    snapshotId, null);
        }
        String reason = String.join("; ", health.problems());
        LOG.warn("Deployment package {} {} is not healthy after {} s: {}", name, version,
                options.healthWindow().toSeconds(), reason);
        progress.step(InstallStep.UNHEALTHY, reason);
        return rollBack(verified, previous, health, snapshotId, baseline, progress);
    }

    private InstallReport rollBack(VerifiedPackage verified, String previous, HealthReport health, String snapshotId,
            HealthGate.Baseline baseline, InstallProgress progress) {
        String name = verified.name();
        String version = verified.version();
        progress.step(InstallStep.ROLLING_BACK, previous == null ? "uninstalling " + name + " " + version
                : name + " " + version + " -> " + previous);
        LOG.warn("Rolling back deployment package {} {} to {}...", name, version,
                previous == null ? "nothing (first install)" : previous);
        String failure = null;
        String running = null;
        try {
            if (previous == null) {
                DeploymentPackage failed = deploymentAdmin.getDeploymentPackage(name);
                if (failed != null) {
                    failed.uninstall();
                }
            } else {
                Optional<Path> file = archive.file(name, previous);
                if (file.isEmpty()) {
                    failure = "the file of version " + previous + " is not kept on this gateway";
                    running = version;
                } else {
                    installFile(file.get());
                    running = previous;
                }
            }
        } catch (DeploymentException | IOException e) {
            failure = e instanceof DeploymentException de ? describe(de) : e.toString();
            DeploymentPackage now = deploymentAdmin.getDeploymentPackage(name);
            running = now == null ? null : now.getVersion().toString();
            LOG.error("Rollback of {} {} failed: {}", name, version, failure, e);
        }
        if (failure == null) {
            forgetQuietly(name, version);
            if (options.restoreConfigurationOnRollback() && snapshotId != null) {
                restoreSnapshot(snapshotId);
            }
        }
        String reason = truncate("health gate failed within " + options.healthWindow().toSeconds() + " s: "
                + String.join("; ", health.problems())
                + (failure == null ? "" : "; rollback failed: " + failure));
        record(new Rollback(UUID.randomUUID().toString(), name, version, failure == null ? previous : running, reason,
                Instant.now()));
        if (failure != null) {
            progress.step(InstallStep.FAILED, "rollback failed: " + failure);
            return new InstallReport(name, previous, version, running, InstallOutcome.FAILED, health,
                    verified.signer(), snapshotId, reason);
        }
        String restoredHealth = "";
        if (previous != null) {
            HealthReport after = awaitHealth(name, baseline);
            restoredHealth = after.healthy() ? "" : "; the restored version is not healthy either: "
                    + String.join("; ", after.problems());
        }
        LOG.warn("Rolling back deployment package {} {} to {}... done{}", name, version,
                previous == null ? "nothing" : previous, restoredHealth);
        progress.step(InstallStep.ROLLED_BACK, previous == null ? name + " uninstalled" : name + " " + previous
                + " running again" + restoredHealth);
        return new InstallReport(name, previous, version, previous, InstallOutcome.ROLLED_BACK, health,
                verified.signer(), snapshotId, reason + restoredHealth);
    }

    private HealthReport awaitHealth(String name, HealthGate.Baseline baseline) {
        try {
            return gate.await(name, () -> {
                DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(name);
                return dp == null ? List.of() : bundlesOf(dp);
            }, baseline, options.healthWindow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthReport(false, List.of("interrupted while waiting for the health gate"), Duration.ZERO);
        }
    }

    private void installFile(Path kept) throws IOException, DeploymentException {
        Path unsigned = Files.createTempFile(work, "install-", ".dp");
        try {
            try (OutputStream out = Files.newOutputStream(unsigned)) {
                PackageArchive.copyWithoutSignature(kept, out);
            }
            try (InputStream in = Files.newInputStream(unsigned)) {
                deploymentAdmin.installDeploymentPackage(in);
            }
        } finally {
            Files.deleteIfExists(unsigned);
        }
    }

    @Override
    public InstallReport updateBundle(Path bundleJar, InstallProgress progress) throws PackageRejectedException {
        Objects.requireNonNull(progress, "progress");
        installing.lock();
        try {
            return updateVerifiedBundle(bundleJar, progress);
        } finally {
            installing.unlock();
        }
    }

    private InstallReport updateVerifiedBundle(Path jar, InstallProgress progress) throws PackageRejectedException {
        progress.step(InstallStep.RECEIVED, jar.getFileName() + ", " + size(jar) + " bytes");
        VerifiedPackage verified;
        try {
            verified = new SignedPackageVerifier(trusted).verifyBundle(jar);
        } catch (IOException e) {
            throw new PackageRejectedException("Cannot read the bundle: " + e.getMessage(), e);
        } catch (PackageRejectedException e) {
            LOG.warn("Refused bundle {}: {}", jar.getFileName(), e.getMessage());
            throw e;
        }
        String bsn = verified.name();
        String version = verified.version();
        progress.step(InstallStep.VERIFIED, bsn + " " + version + " signed by " + verified.signer());
        Bundle target = installedBundle(bsn);
        if (target == null) {
            throw new PackageRejectedException("Bundle " + bsn + " is not installed: new bundles arrive in a"
                    + " deployment package");
        }
        for (DeploymentPackage dp : deploymentAdmin.listDeploymentPackages()) {
            if (dp.getBundle(bsn) != null && dp.getBundle(bsn).getBundleId() == target.getBundleId()) {
                throw new PackageRejectedException("Bundle " + bsn + " belongs to deployment package " + dp.getName()
                        + ": update that package instead");
            }
        }
        String previous = target.getVersion().toString();
        if (previous.equals(version)) {
            return new InstallReport(bsn, previous, version, previous, InstallOutcome.UNCHANGED, null,
                    verified.signer(), null, "already installed");
        }
        Path kept;
        try {
            kept = archive.keepBundle(target);
        } catch (IOException e) {
            throw new PackageRejectedException("Cannot keep a copy of " + bsn + " " + previous
                    + " in the gateway's data area (needed for a rollback): " + e.getMessage(), e);
        }
        String snapshotId = takeSnapshot("before updating bundle " + bsn + " " + previous + " to " + version);
        if (snapshotId != null) {
            progress.step(InstallStep.SNAPSHOT_TAKEN, snapshotId);
        }
        HealthGate.Baseline baseline = gate.baseline(List.of(target));
        boolean wasActive = target.getState() == Bundle.ACTIVE;
        LOG.info("Updating bundle {} {} to {}...", bsn, previous, version);
        progress.step(InstallStep.INSTALLING, bsn + " " + previous + " -> " + version);
        try {
            replace(target, jar, wasActive);
        } catch (org.osgi.framework.BundleException | IOException e) {
            LOG.warn("Bundle {} not updated to {}: {}", bsn, version, e.toString());
            progress.step(InstallStep.FAILED, e.toString());
            return new InstallReport(bsn, previous, version, target.getVersion().toString(), InstallOutcome.FAILED,
                    null, verified.signer(), snapshotId, "the framework did not update the bundle: " + e.getMessage());
        }
        progress.step(InstallStep.INSTALLED, bsn + " " + version + "; health window "
                + options.healthWindow().toSeconds() + " s");
        HealthReport health = awaitBundleHealth(bsn, target, baseline);
        if (health.healthy()) {
            LOG.info("Updating bundle {} {} to {}... done, healthy after {} ms", bsn, previous, version,
                    health.waited().toMillis());
            progress.step(InstallStep.HEALTHY, bsn + " " + version + " healthy after " + health.waited().toMillis()
                    + " ms");
            return new InstallReport(bsn, previous, version, version, InstallOutcome.UPDATED, health,
                    verified.signer(), snapshotId, null);
        }
        String reason = String.join("; ", health.problems());
        LOG.warn("Bundle {} {} is not healthy after {} s: {}; rolling back to {}...", bsn, version,
                options.healthWindow().toSeconds(), reason, previous);
        progress.step(InstallStep.UNHEALTHY, reason);
        progress.step(InstallStep.ROLLING_BACK, bsn + " " + version + " -> " + previous);
        String failure = null;
        try {
            replace(target, kept, wasActive);
        } catch (org.osgi.framework.BundleException | IOException e) {
            failure = e.toString();
            LOG.error("Rollback of bundle {} to {} failed", bsn, previous, e);
        }
        if (failure == null && options.restoreConfigurationOnRollback() && snapshotId != null) {
            restoreSnapshot(snapshotId);
        }
        String fullReason = truncate("health gate failed within " + options.healthWindow().toSeconds() + " s: "
                + reason + (failure == null ? "" : "; rollback failed: " + failure));
        record(new Rollback(UUID.randomUUID().toString(), bsn, version, failure == null ? previous : null, fullReason,
                Instant.now()));
        if (failure != null) {
            progress.step(InstallStep.FAILED, "rollback failed: " + failure);
            return new InstallReport(bsn, previous, version, target.getVersion().toString(), InstallOutcome.FAILED,
                    health, verified.signer(), snapshotId, fullReason);
        }
        LOG.warn("Bundle {} rolled back to {}", bsn, previous);
        progress.step(InstallStep.ROLLED_BACK, bsn + " " + previous + " running again");
        return new InstallReport(bsn, previous, version, previous, InstallOutcome.ROLLED_BACK, health,
                verified.signer(), snapshotId, fullReason);
    }

    private Bundle installedBundle(String bsn) {
        Bundle found = null;
        for (Bundle bundle : context.getBundles()) {
            if (bsn.equals(bundle.getSymbolicName())
                    && (found == null || bundle.getVersion().compareTo(found.getVersion()) > 0)) {
                found = bundle;
            }
        }
        return found;
    }

    /** Updates a bundle from a file and refreshes it, so no one stays wired to the old revision. */
    private void replace(Bundle bundle, Path content, boolean start)
            throws org.osgi.framework.BundleException, IOException {
        String before = bundle.getVersion().toString();
        try (InputStream in = Files.newInputStream(content)) {
            bundle.update(in);
        } catch (org.osgi.framework.BundleException e) {
            if (bundle.getVersion().toString().equals(before)) {
                throw e;
            }
            // the new content is in place but could not start: that is the health gate's to judge
            LOG.warn("Bundle {} {} updated but not started: {}", bundle.getSymbolicName(), bundle.getVersion(),
                    e.getMessage());
        }
        java.util.concurrent.CountDownLatch refreshed = new java.util.concurrent.CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                .refreshBundles(List.of(bundle), event -> refreshed.countDown());
        try {
            if (!refreshed.await(60, TimeUnit.SECONDS)) {
                LOG.warn("Refresh after updating {} did not finish within 60 s", bundle.getSymbolicName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (start && bundle.getState() != Bundle.ACTIVE) {
            // a failed start of the previous content left it stopped; the update keeps that state
            try {
                bundle.start();
            } catch (org.osgi.framework.BundleException e) {
                LOG.warn("Bundle {} {} does not start: {}", bundle.getSymbolicName(), bundle.getVersion(),
                        e.getMessage());
            }
        }
    }

    private HealthReport awaitBundleHealth(String bsn, Bundle bundle, HealthGate.Baseline baseline) {
        try {
            return gate.await(bsn, () -> List.of(bundle), baseline, options.healthWindow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthReport(false, List.of("interrupted while waiting for the health gate"), Duration.ZERO);
        }
    }

    @Override
    public String uninstall(String packageName) throws PackageRejectedException {
        installing.lock();
        try {
            DeploymentPackage dp = packageName == null ? null : deploymentAdmin.getDeploymentPackage(packageName);
            if (dp == null) {
                throw new PackageRejectedException("No deployment package named '" + packageName + "' is installed");
            }
            String version = dp.getVersion().toString();
            takeSnapshot("before uninstalling " + packageName + " " + version);
            LOG.info("Uninstalling deployment package {} {}...", packageName, version);
            try {
                dp.uninstall();
            } catch (DeploymentException e) {
                LOG.warn("Deployment Admin did not uninstall {} {}: {}", packageName, version, describe(e), e);
                throw new PackageRejectedException("Deployment Admin did not uninstall " + packageName + " " + version
                        + ": " + describe(e), e);
            }
            try {
                archive.forgetAll(packageName);
            } catch (IOException e) {
                LOG.warn("Cannot delete the kept files of {}: {}", packageName, e.toString());
            }
            LOG.info("Uninstalling deployment package {} {}... done", packageName, version);
            return version;
        } finally {
            installing.unlock();
        }
    }

    @Override
    public List<InstalledPackage> installed() {
        List<InstalledPackage> installed = new ArrayList<>();
        for (DeploymentPackage dp : deploymentAdmin.listDeploymentPackages()) {
            if (dp.getName() == null || dp.getName().isEmpty() || "System".equals(dp.getName())) {
                continue;
            }
            List<String> bundles = Arrays.stream(dp.getBundleInfos())
                    .map(b -> b.getSymbolicName() + " " + b.getVersion())
                    .toList();
            installed.add(new InstalledPackage(dp.getName(), dp.getVersion().toString(), bundles,
                    archive.versions(dp.getName())));
        }
        installed.sort(Comparator.comparing(InstalledPackage::name));
        return installed;
    }

    private static List<Bundle> bundlesOf(DeploymentPackage dp) {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle bundle = dp.getBundle(info.getSymbolicName());
            if (bundle != null) {
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    private String takeSnapshot(String reason) {
        ConfigurationSnapshots current = snapshots;
        if (current == null) {
            LOG.warn("No configuration snapshot {}: the snapshot service is not available", reason);
            return null;
        }
        try {
            return current.take(reason).id();
        } catch (RuntimeException e) {
            LOG.warn("No configuration snapshot {}: {}", reason, e.toString());
            return null;
        }
    }

    private void restoreSnapshot(String snapshotId) {
        ConfigurationSnapshots current = snapshots;
        if (current == null) {
            return;
        }
        try {
            current.restore(snapshotId);
        } catch (RuntimeException e) {
            LOG.warn("Configuration snapshot {} not restored after the rollback: {}", snapshotId, e.toString());
        }
    }

    private void record(Rollback rollback) {
        try {
            journal.record(rollback);
        } catch (IOException e) {
            LOG.error("Cannot keep rollback {} of {} for reporting: {}", rollback.id(), rollback.packageName(),
                    e.toString());
        }
        reportPendingRollbacks();
    }

    private void reportPendingRollbacks() {
        try {
            reporter.execute(() -> journal.deliver(List.copyOf(rollbackListeners)));
        } catch (RuntimeException e) {
            // shutting down; the journal keeps them for the next start
        }
    }

    private void forgetQuietly(String name, String version) {
        try {
            archive.forget(name, version);
        } catch (IOException e) {
            LOG.warn("Cannot delete the kept file of {} {}: {}", name, version, e.toString());
        }
    }

    private void pruneQuietly(String name, String running) {
        try {
            archive.prune(name, running);
        } catch (IOException e) {
            LOG.warn("Cannot prune the kept files of {}: {}", name, e.toString());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    static String describe(DeploymentException e) {
        String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
        return e.getMessage() + cause + " [Deployment Admin code " + e.getCode() + "]";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...";
    }
}
