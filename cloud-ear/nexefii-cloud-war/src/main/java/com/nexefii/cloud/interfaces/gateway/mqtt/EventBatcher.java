package com.nexefii.cloud.interfaces.gateway.mqtt;

import com.nexefii.cloud.application.AuditService;
import com.nexefii.cloud.application.IngestResult;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import com.nexefii.cloud.infrastructure.persistence.PersistenceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects gateway events from the MQTT thread and ingests them in batches on one worker thread,
 * in arrival order (so per-gateway order holds). A message is acknowledged to the broker only
 * after its batch committed; if the database is down the batch is retried, never dropped, and the
 * broker keeps the unacknowledged rest.
 */
@ApplicationScoped
public class EventBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventBatcher.class);

    record Pending(AuditEvent event, Runnable ack) {
    }

    @Inject
    AuditService auditService;
    @Inject
    CloudMetrics metrics;
    @Inject
    @ConfigProperty(name = "nexefii.ingest.batch-size", defaultValue = "500")
    int batchSize;

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread worker;

    public void start(ThreadFactory threads) {
        running = true;
        metrics.gauge("nexefii.audit.ingest.queue.depth", queue::size);
        worker = threads.newThread(this::run);
        worker.setName("nexefii-audit-ingest");
        worker.start();
    }

    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    private void isolatePoison(List<Pending> batch, PersistenceFailure cause) {
        LOG.warn("Ingest batch of {} refused by the database ({}); ingesting one by one", batch.size(), cause.sqlState());
        for (Pending p : batch) {
            try {
                metrics.ingested(auditService.ingest(List.of(p.event())), 1);
            } catch (PersistenceFailure e) {
                metrics.mqttRejected("database-refused");
                LOG.error("Event {} of {}/{} refused by the database and dropped: {}", p.event().eventId(),
                        p.event().propertyId(), p.event().gatewayId(), e.getMessage());
            }
            p.ack().run();
        }
    }

    public void submit(AuditEvent event, Runnable ack) {
        queue.add(new Pending(event, ack));
    }

    public int depth() {
        return queue.size();
    }

    private void run() {
        long backoffMillis = 100;
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
                IngestResult result = auditService.ingest(batch.stream().map(Pending::event).toList());
                metrics.ingested(result, batch.size());
                batch.forEach(p -> p.ack().run());
                if (result.duplicates() > 0 || result.gaps() > 0) {
                    LOG.info("Ingested {} event(s): {} duplicate(s) absorbed, {} sequence gap(s)", result.inserted(),
                            result.duplicates(), result.gaps());
                }
                batch.clear();
                backoffMillis = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (PersistenceFailure e) {
                if (e.sqlState() != null && (e.sqlState().startsWith("22") || e.sqlState().startsWith("23"))) {
                    // bad data, not a bad database: isolate the offending event instead of retrying forever
                    isolatePoison(batch, e);
                    batch.clear();
                    continue;
                }
                metrics.ingestFailed();
                LOG.error("Ingest of {} event(s) failed; retrying in {} ms", batch.size(), backoffMillis, e);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            } catch (RuntimeException e) {
                metrics.ingestFailed();
                LOG.error("Ingest of {} event(s) failed; retrying in {} ms", batch.size(), backoffMillis, e);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }
}
