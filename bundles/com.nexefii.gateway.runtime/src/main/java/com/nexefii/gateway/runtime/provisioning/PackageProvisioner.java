package com.nexefii.gateway.runtime.provisioning;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.InstalledPackage;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;

/**
 * Installs the deployment packages found in the provisioning folder ({@code <config>/packages/*.dp},
 * or the framework property {@value #FOLDER_PROPERTY}) at every start of the gateway: those not
 * installed yet, and newer versions of installed ones. They go through the same installer as a
 * technician's upload (signature against the trusted certificates, health gate, rollback), so
 * Deployment Admin owns every product bundle and the console can update or uninstall it later.
 * After the start, the folder is watched ({@link FolderWatch}, every {@value #SCAN_SECONDS_DEFAULT} s or
 * the framework property {@value #SCAN_PROPERTY}; 0 turns it off): a package a technician copies there
 * later is installed by the same rules once the folder stopped changing.
 *
 * <p>Installs begin once the framework has reached the start level of new bundles: Felix climbs the
 * levels with the bundles it had when the climb began, so a package installed meanwhile would stay
 * INSTALLED until the next restart.
 *
 * <p>It waits for an installer that trusts at least one certificate (configuration of
 * {@code com.nexefii.gateway.deploy}): before that, every package would only be refused. Runs on its
 * own thread so the framework's start is not held up by health windows.
 */
@Component(immediate = true)
public final class PackageProvisioner {

    /**
     * Start level of every bundle installed at run time: the launcher ({@code GatewayMain}) sets bnd's
     * {@code launch.startlevel.default} to it. See gateway.bndrun for the levels around it.
     */
    static final int PACKAGE_START_LEVEL = 10;
    static final String FOLDER_PROPERTY = "nexefii.packages";
    static final String CONFIG_PROPERTY = "nexefii.config";
    static final String SCAN_PROPERTY = "nexefii.packages.scanSeconds";
    static final long SCAN_SECONDS_DEFAULT = 5;
    static final String INSTALLER_TRUSTS_A_SIGNER = "(|(trustedCertificateFiles=*)(trustedCertificates=*))";

    private static final Logger LOG = LoggerFactory.getLogger(PackageProvisioner.class);

    private final PackageInstaller installer;
    private final Path folder;
    private final ProvisionedVersions provisioned;
    private final Thread worker;
    private final BundleContext context;
    private final CountDownLatch frameworkStarted = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final long scanSeconds;
    private final FrameworkListener startedListener = event -> {
        if (event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            checkStarted();
        }
    };
    private volatile boolean stopped;

    @Activate
    public PackageProvisioner(@Reference(target = INSTALLER_TRUSTS_A_SIGNER) PackageInstaller installer,
            BundleContext context) throws IOException {
        this.installer = installer;
        this.context = context;
        this.folder = folder(context.getProperty(FOLDER_PROPERTY), context.getProperty(CONFIG_PROPERTY));
        this.provisioned = new ProvisionedVersions(context.getDataFile("provisioned.properties").toPath());
        this.scanSeconds = scanSeconds(context.getProperty(SCAN_PROPERTY));
        context.addFrameworkListener(startedListener);
        checkStarted();
        this.worker = new Thread(this::provision, "nexefii-provisioning");
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate() {
        // An install in progress finishes on its own: interrupting it would fail its health gate.
        stopped = true;
        frameworkStarted.countDown();
        stopping.countDown();
        try {
            context.removeFrameworkListener(startedListener);
        } catch (IllegalStateException contextGone) {
            // the bundle is stopping: its listeners go with it
        }
    }

    /**
     * Ready once the framework has reached the level new bundles get ({@value #PACKAGE_START_LEVEL}): from
     * then on Deployment Admin's start of a bundle starts it. (Felix's system bundle is ACTIVE before it
     * has climbed the levels, and a climb fires no event per level, so this is checked at activation and
     * at STARTED.)
     */
    private void checkStarted() {
        FrameworkStartLevel level = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class);
        if (level.getStartLevel() >= PACKAGE_START_LEVEL) {
            frameworkStarted.countDown();
        }
    }

    static Path folder(String explicit, String config) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.trim());
        }
        return Path.of(config == null || config.isBlank() ? "config" : config.trim()).resolve("packages");
    }

    static long scanSeconds(String property) {
        if (property == null || property.isBlank()) {
            return SCAN_SECONDS_DEFAULT;
        }
        try {
            long seconds = Long.parseLong(property.trim());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(SCAN_PROPERTY + " must be a whole number of seconds >= 0: " + property);
    }

    private void provision() {
        try {
            frameworkStarted.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopped) {
            return;
        }
        FolderWatch watch = new FolderWatch(folder);
        if (Files.isDirectory(folder)) {
            provisionFolder();
        } else {
            LOG.info("No provisioning folder {}: no deployment package to provision", folder);
        }
        if (scanSeconds == 0) {
            return;
        }
        LOG.info("Watching the provisioning folder {} every {} s for new packages", folder, scanSeconds);
        try {
            while (!stopping.await(scanSeconds, TimeUnit.SECONDS)) {
                if (watch.changedAndSettled()) {
                    LOG.info("Provisioning folder {} changed", folder);
                    provisionFolder();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Watching the provisioning folder {} failed; restart the gateway to provision it", folder, e);
        }
    }

    /** One pass: every package of the folder, in dependency order, by the rules of {@link ProvisionedVersions}. */
    private void provisionFolder() {
        long start = System.nanoTime();
        List<FolderPackage> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.dp")) {
            for (Path file : files) {
                try {
                    found.add(FolderPackage.read(file));
                } catch (IOException e) {
                    LOG.warn("Provisioning: skipped {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("Provisioning: cannot list {}: {}", folder, e.toString());
            return;
        }
        List<FolderPackage> plan = InstallOrder.of(found);
        LOG.info("Provisioning deployment packages from {}: {}...", folder, InstallOrder.describe(plan));
        Map<String, Version> installed = installer.installed().stream().collect(
                Collectors.toMap(InstalledPackage::name, p -> Version.parseVersion(p.version()), (a, b) -> a));
        List<String> summary = new ArrayList<>();
        for (FolderPackage candidate : plan) {
            if (stopped) {
                LOG.info("Provisioning stopped: the gateway is stopping");
                return;
            }
            summary.add(candidate.name() + " " + candidate.version() + ": " + provisionOne(candidate, installed));
        }
        LOG.info("Provisioning deployment packages from {}... done in {} ms: {}", folder,
                (System.nanoTime() - start) / 1_000_000, summary);
    }

    private String provisionOne(FolderPackage candidate, Map<String, Version> installed) {
        String name = candidate.name();
        Optional<Version> running = Optional.ofNullable(installed.get(name));
        switch (ProvisionedVersions.decide(candidate.version(), running, provisioned.last(name))) {
            case ALREADY_INSTALLED:
                return "already installed (" + running.orElseThrow() + ")";
            case NOT_AGAIN:
                LOG.info("Provisioning: {} {} was provisioned before and is not installed now (uninstalled, or it"
                        + " failed): put a newer version in {} to install it again", name, candidate.version(), folder);
                return "not again";
            default:
                break;
        }
        try {
            InstallReport report = installer.install(candidate.file(),
                    (step, detail) -> LOG.debug("Provisioning {}: {} {}", name, step, detail));
            provisioned.remember(name, candidate.version());
            if (report.outcome().succeeded()) {
                LOG.info("Provisioned deployment package {} {}: {}", name, candidate.version(), report.outcome());
            } else {
                LOG.error("Provisioning deployment package {} {} failed: {}: {}", name, candidate.version(),
                        report.outcome(), report.detail());
            }
            return report.outcome().toString();
        } catch (PackageRejectedException e) {
            // Not remembered: trusting the signer later (configuration) lets the next start install it.
            LOG.error("Provisioning: the installer refused {}: {}", candidate.file(), e.getMessage());
            return "REFUSED";
        } catch (IOException | RuntimeException e) {
            LOG.error("Provisioning deployment package {} {} failed", name, candidate.version(), e);
            return "FAILED";
        }
    }
}
