package com.nexefii.cloud.interfaces.gateway.mqtt;

import com.nexefii.cloud.application.AuditRecorder;
import com.nexefii.cloud.application.AuditService;
import com.nexefii.cloud.application.IngestResult;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import com.nexefii.cloud.infrastructure.persistence.PersistenceFailure;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects gateway events from the MQTT thread and ingests them in batches on one worker thread,
 * in arrival order (so per-gateway order holds). Only after its batch committed is an event
 * acknowledged: to its gateway on {@code evt/ack} (which lets the gateway delete it) and to the
 * broker. If the database is down the batch is retried, never dropped, and the broker keeps the
 * unacknowledged rest.
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
    IngestAcknowledgements acknowledgements;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    Transactions tx;
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
            AuditEvent e = p.event();
            try {
                IngestResult result = auditService.ingest(List.of(e));
                metrics.ingested(result, 1);
                acknowledgements.committed(result.stored());
            } catch (PersistenceFailure refused) {
                metrics.mqttRejected("database-refused");
                LOG.error("Event {} of {}/{} refused by the database and dropped: {}", e.eventId(), e.propertyId(),
                        e.gatewayId(), refused.getMessage());
                if (auditRefusal(e, refused)) {
                    // the refusal is on record: a resend would be refused again and block the gateway's queue
                    acknowledgements.refused(e.propertyId(), e.gatewayId(), e.seq());
                }
            }
            p.ack().run();
        }
    }

    private boolean auditRefusal(AuditEvent e, PersistenceFailure refused) {
        try {
            tx.inPropertyRun(e.propertyId(), () -> auditRecorder.record(e.propertyId(), "MQTT_MESSAGE_REJECTED",
                    Priority.SECURITY, null, e.lockId(), null, Map.of("reason", "database-refused", "gatewayId",
                            e.gatewayId(), "eventId", e.eventId().toString(), "seq", String.valueOf(e.seq()),
                            "type", e.type(), "sqlState", String.valueOf(refused.sqlState()))));
            return e.seq() != null;
        } catch (RuntimeException failure) {
            LOG.warn("Could not audit the refusal of event {}: {}", e.eventId(), failure.toString());
            return false;
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
                // committed: now, and only now, the gateways may delete these events
                acknowledgements.committed(result.stored());
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
