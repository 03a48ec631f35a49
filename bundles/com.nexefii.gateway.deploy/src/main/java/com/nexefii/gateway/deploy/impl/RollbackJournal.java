package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.Rollback;
import com.nexefii.gateway.deploy.RollbackListener;

/**
 * Rollbacks not yet accepted by a {@link RollbackListener}, one file each, so a rollback of the very
 * package that reports rollbacks, or a restart, loses none. Delivered oldest first whenever a
 * listener appears or a new rollback happens.
 */
final class RollbackJournal {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackJournal.class);

    private final Path directory;

    RollbackJournal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    synchronized void record(Rollback rollback) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", rollback.id());
        p.setProperty("package", rollback.packageName());
        p.setProperty("failedVersion", rollback.failedVersion());
        if (rollback.restoredVersion() != null) {
            p.setProperty("restoredVersion", rollback.restoredVersion());
        }
        p.setProperty("reason", rollback.reason());
        p.setProperty("at", rollback.at().toString());
        Path partial = directory.resolve(rollback.id() + ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            p.store(out, "rollback not yet reported");
        }
        Files.move(partial, fileOf(rollback.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    synchronized List<Rollback> pending() {
        List<Rollback> pending = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.rollback")) {
            for (Path file : files) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                    pending.add(new Rollback(p.getProperty("id"), p.getProperty("package"),
                            p.getProperty("failedVersion"), p.getProperty("restoredVersion"), p.getProperty("reason"),
                            Instant.parse(p.getProperty("at"))));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Unreadable rollback record {} ignored: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list pending rollbacks in {}: {}", directory, e.toString());
        }
        pending.sort(java.util.Comparator.comparing(Rollback::at).thenComparing(Rollback::id));
        return pending;
    }

    /** Offers every pending rollback to the listeners; a rollback one of them accepted is forgotten. */
    synchronized void deliver(Collection<RollbackListener> listeners) {
        if (listeners.isEmpty()) {
            return;
        }
        for (Rollback rollback : pending()) {
            boolean accepted = false;
            for (RollbackListener listener : listeners) {
                try {
                    listener.rolledBack(rollback);
                    accepted = true;
                } catch (RuntimeException e) {
                    LOG.warn("Rollback {} of {} not accepted by {} yet: {}", rollback.id(), rollback.packageName(),
                            listener, e.toString());
                }
            }
            if (!accepted) {
                return;
            }
            try {
                Files.deleteIfExists(fileOf(rollback.id()));
            } catch (IOException e) {
                LOG.warn("Cannot forget reported rollback {}: {}", rollback.id(), e.toString());
            }
        }
    }

    private Path fileOf(String id) {
        return directory.resolve(id + ".rollback");
    }
}
