package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.PackageInstallOutcome;
import com.nexefii.gateway.deploy.PackageInstallRequest;
import com.nexefii.gateway.deploy.PackageInstallStage;

/**
 * Outcomes of cloud installs not yet known to be reported, one file each (written before the listener hears
 * the outcome): the core package replaces the very connector that reports it, and a power cut may come
 * between the end of an install and its report; neither may lose the result the cloud's rollout waits for.
 */
final class OutcomeJournal {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeJournal.class);
    private static final String DETAIL = "detail.";

    private final Path directory;

    OutcomeJournal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    synchronized void record(PackageInstallOutcome outcome, Instant at) throws IOException {
        PackageInstallRequest r = outcome.request();
        Properties p = new Properties();
        p.setProperty("requestId", r.requestId());
        p.setProperty("package", r.packageName());
        p.setProperty("version", r.version());
        p.setProperty("url", r.safeUrl());
        p.setProperty("sha256", r.sha256());
        p.setProperty("size", Long.toString(r.size()));
        p.setProperty("stage", outcome.stage().name());
        p.setProperty("at", at.toString());
        outcome.details().forEach((k, v) -> p.setProperty(DETAIL + k, v));
        Path partial = directory.resolve(fileName(r.requestId()) + ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            p.store(out, "package install outcome not yet reported");
        }
        Files.move(partial, fileOf(r.requestId()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Oldest first. */
    synchronized List<PackageInstallOutcome> pending() {
        record Kept(Instant at, PackageInstallOutcome outcome) {
        }
        List<Kept> kept = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.outcome")) {
            for (Path file : files) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                    Map<String, String> details = new LinkedHashMap<>();
                    for (String name : p.stringPropertyNames()) {
                        if (name.startsWith(DETAIL)) {
                            details.put(name.substring(DETAIL.length()), p.getProperty(name));
                        }
                    }
                    PackageInstallRequest request = new PackageInstallRequest(p.getProperty("requestId"),
                            p.getProperty("package"), p.getProperty("version"), URI.create(p.getProperty("url")),
                            p.getProperty("sha256"), Long.parseLong(p.getProperty("size")));
                    kept.add(new Kept(Instant.parse(p.getProperty("at")), new PackageInstallOutcome(request,
                            PackageInstallStage.valueOf(p.getProperty("stage")), details)));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Unreadable package install outcome {} ignored: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list package install outcomes in {}: {}", directory, e.toString());
        }
        kept.sort(Comparator.comparing(Kept::at));
        return kept.stream().map(Kept::outcome).toList();
    }

    synchronized void forget(String requestId) {
        try {
            Files.deleteIfExists(fileOf(requestId));
        } catch (IOException e) {
            LOG.warn("Cannot forget the reported outcome of {}: {}", requestId, e.toString());
        }
    }

    private Path fileOf(String requestId) {
        return directory.resolve(fileName(requestId) + ".outcome");
    }

    static String fileName(String requestId) {
        return requestId.replaceAll("[^A-Za-z0-9-]", "_");
    }
}
