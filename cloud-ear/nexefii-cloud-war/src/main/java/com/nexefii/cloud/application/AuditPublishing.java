package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.AuditPage;
import com.nexefii.cloud.domain.model.audit.AuditQuery;
import com.nexefii.cloud.domain.model.audit.AuditRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every append to the audit trail, from gateway ingest or from the cloud's own records, goes
 * through this decorator, which fires {@link AuditAppended} for the records actually inserted.
 * Decorating the repository (instead of editing each caller) means no audit path can forget it.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class AuditPublishing implements AuditRepository {

    @Inject
    @Delegate
    AuditRepository delegate;

    @Inject
    Event<AuditAppended> appended;

    @Override
    public Set<UUID> append(PropertyId propertyId, Collection<AuditEvent> events) {
        Set<UUID> inserted = delegate.append(propertyId, events);
        if (!inserted.isEmpty()) {
            List<AuditEvent> fresh = events.stream().filter(e -> inserted.contains(e.eventId())).toList();
            appended.fire(new AuditAppended(propertyId, fresh));
        }
        return inserted;
    }

    @Override
    public AuditPage query(PropertyId propertyId, AuditQuery query) {
        return delegate.query(propertyId, query);
    }
}
