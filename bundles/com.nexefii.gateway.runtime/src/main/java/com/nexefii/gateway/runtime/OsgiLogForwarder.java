package com.nexefii.gateway.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what bundles log through the OSGi Log Service (SCR's "failed activation" with the offending
 * property, framework errors, FileInstall) to slf4j, and so to the gateway's log file; the Log Service
 * only keeps a short in-memory history otherwise. Our own bundles log to slf4j directly, so nothing is
 * written twice. Entries logged before this component started are taken from the reader's history
 * once, oldest first.
 */
@Component(immediate = true)
public final class OsgiLogForwarder implements LogListener {

    /** Prefix of the slf4j logger names, so logback.xml can tune OSGi log entries separately. */
    static final String LOGGER_PREFIX = "osgi.";

    private final LogReaderService reader;
    private final List<LogEntry> arrivedDuringReplay = new ArrayList<>();
    private boolean replaying = true;
    private long lastReplayedSequence = -1;

    @Activate
    public OsgiLogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
        List<LogEntry> history = Collections.list(reader.getLog());
        Collections.reverse(history);
        synchronized (this) {
            for (LogEntry entry : history) {
                forward(entry);
                lastReplayedSequence = Math.max(lastReplayedSequence, entry.getSequence());
            }
            for (LogEntry entry : arrivedDuringReplay) {
                if (entry.getSequence() > lastReplayedSequence) {
                    forward(entry);
                }
            }
            arrivedDuringReplay.clear();
            replaying = false;
        }
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        synchronized (this) {
            if (replaying) {
                arrivedDuringReplay.add(entry);
                return;
            }
        }
        forward(entry);
    }

    static void forward(LogEntry entry) {
        Logger logger = LoggerFactory.getLogger(LOGGER_PREFIX + entry.getLoggerName());
        Bundle bundle = entry.getBundle();
        String source = bundle == null ? "?" : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
        Throwable exception = entry.getException();
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> logger.error("{}: {}", source, entry.getMessage(), exception);
            case WARN -> logger.warn("{}: {}", source, entry.getMessage(), exception);
            case INFO -> logger.info("{}: {}", source, entry.getMessage(), exception);
            case DEBUG -> logger.debug("{}: {}", source, entry.getMessage(), exception);
            default -> logger.trace("{}: {}", source, entry.getMessage(), exception);
        }
    }
}
