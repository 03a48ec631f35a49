package com.nexefii.cloud.domain.model.audit;

import java.util.List;

public record AuditPage(List<AuditEvent> items, long total, int offset, int limit) {
}
