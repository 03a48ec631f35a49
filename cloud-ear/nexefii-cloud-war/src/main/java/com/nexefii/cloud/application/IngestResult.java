package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one ingest batch did: new records, absorbed duplicates, sequence gaps found, events refused,
 * and the gateway events now durably in the audit (inserted or stored before): once the batch has
 * committed, exactly these may be acknowledged to their gateways.
 */
public record IngestResult(int inserted, int duplicates, long gaps, int rejected, List<AuditEvent> stored) {

    public IngestResult {
        stored = List.copyOf(stored);
    }

    public IngestResult plus(IngestResult other) {
        List<AuditEvent> both = new ArrayList<>(stored);
        both.addAll(other.stored);
        return new IngestResult(inserted + other.inserted, duplicates + other.duplicates, gaps + other.gaps,
                rejected + other.rejected, both);
    }

    public static IngestResult none() {
        return new IngestResult(0, 0, 0, 0, List.of());
    }
}
