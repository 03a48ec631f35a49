package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.AuditRepository;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes the cloud's own audit records (source CLOUD) in the current property transaction. */
@ApplicationScoped
public class AuditRecorder {

    private AuditRepository audit;
    private Clock clock;

    protected AuditRecorder() {
    }

    @Inject
    public AuditRecorder(AuditRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    public AuditEvent record(PropertyId propertyId, String type, Priority priority, String actor, String lockId,
            UUID commandId, Map<String, String> attributes) {
        var now = clock.instant();
        AuditEvent event = new AuditEvent(UUID.randomUUID(), propertyId, AuditEvent.Source.CLOUD, null, lockId, null,
                type, priority, now, now, actor, commandId, null, attributes);
        audit.append(propertyId, List.of(event));
        return event;
    }
}
