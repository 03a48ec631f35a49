package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.InstallStep;
import com.nexefii.gateway.deploy.PackageInstallListener;
import com.nexefii.gateway.deploy.PackageInstallOutcome;
import com.nexefii.gateway.deploy.PackageInstallRequest;
import com.nexefii.gateway.deploy.PackageInstallService;
import com.nexefii.gateway.deploy.PackageInstallStage;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.gateway.deploy.VerifiedPackage;

/**
 * Cloud-requested installs: download (HTTPS, cloud CA only, size limit, SHA-256), then the installer's own
 * signature check, that the file is the announced package and version, install, health gate and rollback.
 * Configuration is required: a gateway nobody configured for cloud installs has no such service, and the
 * connector refuses every request. Every outcome goes to the {@link OutcomeJournal} before the listener
 * hears it, and leaves it once the listener took it or the requester confirmed it.
 */
@Component(
        service = PackageInstallService.class,
        immediate = true,
        configurationPid = RemotePackageInstallerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PackageDownloadConfig.class)
public class RemotePackageInstallerComponent implements PackageInstallService {

    static final String PID = "com.nexefii.gateway.deploy.download";
    private static final Logger LOG = LoggerFactory.getLogger(RemotePackageInstallerComponent.class);
    private static final int MAX_TEXT = 500;

    private final PackageInstaller installer;
    private final PackageDownloader downloader;
    private final Path downloads;
    private final OutcomeJournal outcomes;
    /** Outcomes being told to their listener right now: not "unreported" (yet), or they would be told twice. */
    private final Set<String> telling = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor worker;

    @Activate
    public RemotePackageInstallerComponent(@Reference PackageInstaller installer, BundleContext context,
            PackageDownloadConfig config) throws IOException {
        this(installer, PackageDownloadOptions.from(config), context.getDataFile("downloads").toPath());
    }

    RemotePackageInstallerComponent(PackageInstaller installer, PackageDownloadOptions options, Path downloads)
            throws IOException {
        LOG.info("Activating cloud package installs...");
        this.installer = installer;
        this.downloader = new PackageDownloader(options);
        this.downloads = Files.createDirectories(downloads);
        this.outcomes = new OutcomeJournal(downloads.resolveSibling("outcomes"));
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(options.queueSize()),
                r -> {
                    Thread t = new Thread(r, "nexefii-cloud-package-install");
                    t.setDaemon(true);
                    return t;
                });
        LOG.info("Activating cloud package installs... done: downloads from {}, at most {} MiB, cloud CA {}; {}"
                + " outcome(s) not yet reported", options.allowedUrlPrefixes(), options.maxBytes() / (1024 * 1024),
                options.cloudCas().stream().map(c -> c.getSubjectX500Principal().getName()).toList(),
                outcomes.pending().size());
    }

    @Override
    public List<PackageInstallOutcome> unreported() {
        return outcomes.pending().stream().filter(o -> !telling.contains(o.request().requestId())).toList();
    }

    @Override
    public void reported(String requestId) {
        outcomes.forget(requestId);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void install(PackageInstallRequest request, PackageInstallListener listener) {
        try {
            worker.execute(() -> run(request, listener));
        } catch (RejectedExecutionException e) {
            LOG.warn("Refused cloud install {} of {} {}: {}", request.requestId(), request.packageName(),
                    request.version(), worker.isShutdown() ? "stopping" : "too many requests waiting");
            tell(listener, PackageInstallStage.REFUSED, Map.of("reason",
                    worker.isShutdown() ? "the gateway's package service is stopping" : "too many installs waiting"));
        }
    }

    void run(PackageInstallRequest request, PackageInstallListener listener) {
        Path file = downloads.resolve(request.requestId().replaceAll("[^A-Za-z0-9-]", "_") + ".dp");
        LOG.info("Cloud install {}: {} {} from {}", request.requestId(), request.packageName(), request.version(),
                request.safeUrl());
        try {
            tell(listener, PackageInstallStage.DOWNLOADING,
                    Map.of("detail", request.size() + " bytes from " + request.url().getHost()));
            downloader.download(request, file);
            tell(listener, PackageInstallStage.VERIFYING, Map.of("detail", "SHA-256 " + request.sha256() + " matches"));
            VerifiedPackage verified = installer.verify(file);
            if (!verified.name().equals(request.packageName())
                    || !sameVersion(verified.version(), request.version())) {
                throw new PackageRejectedException("the file is " + verified.name() + " " + verified.version()
                        + ", not the announced " + request.packageName() + " " + request.version());
            }
            tell(listener, PackageInstallStage.INSTALLING, Map.of("detail", "signed by " + verified.signer()));
            InstallReport report = installer.install(file, (step, detail) -> {
                if (step == InstallStep.INSTALLED) {
                    tell(listener, PackageInstallStage.HEALTH_CHECK, Map.of("detail", shorten(detail)));
                }
            });
            PackageInstallStage end = switch (report.outcome()) {
                case INSTALLED -> PackageInstallStage.INSTALLED;
                case UPDATED -> PackageInstallStage.UPDATED;
                case UNCHANGED -> PackageInstallStage.UNCHANGED;
                case ROLLED_BACK -> PackageInstallStage.ROLLED_BACK;
                case FAILED -> PackageInstallStage.FAILED;
            };
            Map<String, String> details = new LinkedHashMap<>();
            if (report.previousVersion() != null) {
                details.put("previousVersion", report.previousVersion());
            }
            details.put("runningVersion", report.runningVersion() == null ? "" : report.runningVersion());
            if (!end.succeeded()) {
                details.put("reason", shorten(report.detail() == null ? end.name() : report.detail()));
            }
            LOG.info("Cloud install {}: {} {} ended {}", request.requestId(), request.packageName(), request.version(),
                    end);
            finish(request, listener, end, details);
        } catch (PackageRejectedException e) {
            LOG.warn("Cloud install {}: refused {} {}: {}", request.requestId(), request.packageName(),
                    request.version(), e.getMessage());
            finish(request, listener, PackageInstallStage.REFUSED, Map.of("reason", shorten(e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("Cloud install {}: {} {} failed", request.requestId(), request.packageName(), request.version(), e);
            finish(request, listener, PackageInstallStage.FAILED, Map.of("reason", shorten(String.valueOf(e))));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Cannot delete the downloaded {}: {}", file, e.toString());
            }
        }
    }

    static boolean sameVersion(String a, String b) {
        try {
            return Version.parseVersion(a).equals(Version.parseVersion(b));
        } catch (IllegalArgumentException e) {
            return a.equals(b);
        }
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    /** The outcome is kept first; the listener taking it is what lets it go. */
    private void finish(PackageInstallRequest request, PackageInstallListener listener, PackageInstallStage end,
            Map<String, String> details) {
        String id = request.requestId();
        telling.add(id);
        try {
            boolean kept = false;
            try {
                outcomes.record(new PackageInstallOutcome(request, end, details), Instant.now());
                kept = true;
            } catch (IOException e) {
                LOG.error("Cloud install {}: cannot keep its outcome {} until it is reported", id, end, e);
            }
            if (tell(listener, end, details)) {
                outcomes.forget(id);
            } else if (kept) {
                LOG.warn("Cloud install {}: outcome {} kept until the cloud connector reports it", id, end);
            }
        } finally {
            telling.remove(id);
        }
    }

    /**
     * A listener that cannot report must not stop the install: the stage is logged either way. A listener of
     * a bundle that the install just replaced may fail to link as well as throw.
     *
     * @return true when the listener took it
     */
    private static boolean tell(PackageInstallListener listener, PackageInstallStage stage,
            Map<String, String> details) {
        try {
            listener.stage(stage, details);
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Could not report stage {} of a cloud install", stage, e);
            return false;
        }
    }
}
