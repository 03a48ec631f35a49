package com.nexefii.cloud.domain.model.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Filters for an audit search; every field is optional. Values are always bound as query
 * parameters, never spliced into SQL.
 */
public record AuditQuery(Set<String> types, String lockId, String gatewayId, String actor, Priority priority,
        Instant from, Instant to, int offset, int limit) {
}
