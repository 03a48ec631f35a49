package com.nexefii.cloud.domain.model.audit;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

public interface AuditRepository {

    /**
     * Appends the events of one property, skipping those whose event id is already stored.
     *
     * @return the ids actually inserted (the others were duplicates)
     */
    Set<UUID> append(PropertyId propertyId, Collection<AuditEvent> events);

    AuditPage query(PropertyId propertyId, AuditQuery query);
}
