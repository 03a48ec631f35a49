package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.util.List;

/**
 * CDI event: audit records were appended in the current (uncommitted) property transaction. Only
 * records actually inserted are listed: a duplicate replayed by a gateway is not an event twice.
 * Observers run synchronously in that transaction, so what they write commits or rolls back with
 * the audit records.
 */
public record AuditAppended(PropertyId propertyId, List<AuditEvent> events) {
}
