package com.nexefii.cloud.interfaces.gateway.mqtt;

import com.nexefii.cloud.application.AuditRecorder;
import com.nexefii.cloud.application.AuditService;
import com.nexefii.cloud.application.IngestResult;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import com.nexefii.cloud.infrastructure.persistence.PersistenceFailure;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects gateway events from the MQTT thread and ingests them in batches on one worker thread,
 * in arrival order (so per-gateway order holds). Only after its batch committed is an event
 * acknowledged: to its gateway on {@code evt/ack} (which lets the gateway delete it) and to the
 * broker. If the database is down the batch is retried, never dropped, and the broker keeps the
 * unacknowledged rest.
 *
 * <p>The queue is bounded ({@code nexefii.ingest.queue-capacity}): when ingest falls behind, the MQTT
 * thread waits for room instead of holding every arriving event in the heap (82,000 were seen in a
 * replay burst). Paho then stops reading, TCP pushes back, and the broker keeps the rest in the
 * cloud's persistent session, where it was always safe: nothing is acknowledged before its commit.
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
    @Inject
    @ConfigProperty(name = "nexefii.ingest.queue-capacity", defaultValue = "20000")
    int queueCapacity;

    /** Created once the configuration is injected; package-private for the unit test. */
    volatile LinkedBlockingQueue<Pending> queue;
    private final AtomicLong intakePauses = new AtomicLong();
    private volatile boolean running;
    private Thread worker;

    @PostConstruct
    void createQueue() {
        if (queueCapacity < batchSize) {
            throw new IllegalStateException("nexefii.ingest.queue-capacity: " + queueCapacity
                    + " is below nexefii.ingest.batch-size " + batchSize);
        }
        queue = new LinkedBlockingQueue<>(queueCapacity);
    }

    public void start(ThreadFactory threads) {
        running = true;
        metrics.gauge("nexefii.audit.ingest.queue.depth", queue::size);
        metrics.gauge("nexefii.audit.ingest.intake.pauses", intakePauses::get);
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

    /**
     * Queues an event for ingest; waits for room when the queue is full (back-pressure to the broker).
     * If interrupted meanwhile, the event is neither queued nor acknowledged: the broker delivers it again.
     */
    public void submit(AuditEvent event, Runnable ack) {
        Pending pending = new Pending(event, ack);
        if (queue.offer(pending)) {
            return;
        }
        long pauses = intakePauses.incrementAndGet();
        if (pauses == 1 || pauses % 1000 == 0) {
            LOG.warn("Ingest queue full ({} events): MQTT intake waits for the database ({} pause(s) so far)",
                    queueCapacity, pauses);
        }
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how often the MQTT intake had to wait for room in the queue */
    public long intakePauses() {
        return intakePauses.get();
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
