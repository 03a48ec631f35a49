package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits refusals (a denied unlock, a refused command or access request, a probe of another
 * property) in a transaction of their own: the refused work's transaction is rolled back, and a
 * denial that vanished with it would hide exactly the attempts an admin needs to see. The record
 * goes to the caller's own property and holds only what the caller sent and why it was refused,
 * never anything about another property.
 */
@ApplicationScoped
public class RefusalRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalRecorder.class);
    static final int MAX_VALUE_LENGTH = 300;

    private Transactions tx;
    private AuditRecorder auditRecorder;

    protected RefusalRecorder() {
    }

    @Inject
    public RefusalRecorder(Transactions tx, AuditRecorder auditRecorder) {
        this.tx = tx;
        this.auditRecorder = auditRecorder;
    }

    /** A refusal: who ({@code actor}), what ({@code lockId} and/or {@code target}), why ({@code reason}). */
    public record Refusal(PropertyId propertyId, String type, String actor, String lockId, String target,
            String reason, Map<String, String> details) {
    }

    /**
     * Writes the refusal's audit record and commits it at once. A failure to write is logged, not
     * thrown: the caller is refused either way.
     *
     * @return whether the record was written
     */
    public boolean record(Refusal refusal) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("reason", bounded(refusal.reason() == null ? "refused" : refusal.reason()));
        if (refusal.target() != null) {
            attributes.put("target", bounded(refusal.target()));
        }
        if (refusal.details() != null) {
            refusal.details().forEach((k, v) -> attributes.putIfAbsent(k, bounded(v)));
        }
        try {
            tx.inNewTransaction(refusal.propertyId(), () -> auditRecorder.record(refusal.propertyId(), refusal.type(),
                    Priority.SECURITY, refusal.actor(), refusal.lockId(), null, attributes));
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not audit refusal {} of {} in property {}: {}", refusal.type(), refusal.actor(),
                    refusal.propertyId(), e.toString());
            return false;
        }
    }

    private static String bounded(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
    }
}
