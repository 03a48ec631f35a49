package com.nexefii.local.broker.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one mosquitto process running: starts it, logs its output, restarts it with backoff when
 * it dies, stops it (SIGTERM, then SIGKILL after 5 s). A broker orphaned by a gateway that was
 * killed is recognised by its pid file and command line, and stopped before a new one starts.
 */
final class MosquittoSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MosquittoSupervisor.class);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /** A broker that ran this long was healthy: the next death starts the backoff afresh. */
    private static final Duration STABLE = Duration.ofSeconds(30);

    private final LocalBrokerOptions options;
    private final MosquittoFiles files;
    private final ScheduledExecutorService scheduler;
    private Process process;
    private long startedAtNanos;
    private Duration nextDelay;
    private boolean stopping;
    private int restarts;

    MosquittoSupervisor(LocalBrokerOptions options, MosquittoFiles files) {
        this.options = options;
        this.files = files;
        this.nextDelay = options.restartDelay();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexefii-local-broker-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void start() throws IOException {
        stopOrphan();
        launch();
    }

    /** Makes mosquitto re-read its password and ACL files (SIGHUP); connected clients stay connected. */
    synchronized void reload() throws IOException {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!hup.waitFor(5, TimeUnit.SECONDS) || hup.exitValue() != 0) {
                throw new IOException("kill -HUP " + process.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reloading mosquitto", e);
        }
    }

    /** Stops and starts mosquitto now, closing every connection (a removed user's too); sessions persist. */
    synchronized void restartNow() throws IOException {
        Process old = process;
        process = null;
        if (old != null) {
            stop(old.toHandle());
        }
        restarts++;
        launch();
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized int restarts() {
        return restarts;
    }

    @Override
    public void close() {
        Process toStop;
        synchronized (this) {
            stopping = true;
            toStop = process;
        }
        scheduler.shutdownNow();
        if (toStop != null) {
            stop(toStop.toHandle());
        }
        try {
            Files.deleteIfExists(files.pidFile);
        } catch (IOException e) {
            LOG.debug("Could not remove {}", files.pidFile, e);
        }
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(options.executable().toString(), "-c", files.config.toString())
                .redirectErrorStream(true);
        Process started = builder.start();
        process = started;
        startedAtNanos = System.nanoTime();
        Files.writeString(files.pidFile, Long.toString(started.pid()) + "\n", StandardCharsets.UTF_8);
        LOG.info("mosquitto started (pid {}) on {}", started.pid(), options.uri());
        Thread pump = new Thread(() -> pumpOutput(started), "nexefii-local-broker-log-" + started.pid());
        pump.setDaemon(true);
        pump.start();
        started.onExit().thenAccept(this::exited);
    }

    private synchronized void exited(Process exited) {
        if (stopping || exited != process) {
            return;
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - startedAtNanos);
        if (ran.compareTo(STABLE) >= 0) {
            nextDelay = options.restartDelay();
        }
        Duration delay = nextDelay;
        nextDelay = nextDelay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : nextDelay.multipliedBy(2);
        LOG.warn("mosquitto (pid {}) exited with status {} after {} ms; restarting in {} ms", exited.pid(),
                exited.exitValue(), ran.toMillis(), delay.toMillis());
        scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopping) {
            return;
        }
        try {
            restarts++;
            launch();
        } catch (IOException e) {
            LOG.error("mosquitto could not be restarted; trying again in {} ms", nextDelay.toMillis(), e);
            scheduler.schedule(this::restart, nextDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stopOrphan() {
        try {
            if (!Files.exists(files.pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(files.pidFile, StandardCharsets.UTF_8).trim());
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(files.config.toString())).orElse(false));
            if (orphan.isPresent()) {
                LOG.warn("Stopping mosquitto pid {} left running by a previous gateway run", pid);
                stop(orphan.get());
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Unusable pid file {}", files.pidFile, e);
        }
    }

    private static void stop(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("mosquitto pid {} did not stop on SIGTERM; killing it", handle.pid());
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception again) {
                LOG.error("mosquitto pid {} could not be killed", handle.pid());
            }
        }
    }

    private static void pumpOutput(Process p) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.info("mosquitto: {}", line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
