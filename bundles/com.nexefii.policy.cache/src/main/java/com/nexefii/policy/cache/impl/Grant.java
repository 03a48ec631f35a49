package com.nexefii.policy.cache.impl;

import java.time.Instant;
import java.util.Set;

/**
 * Who may open which locks, when.
 *
 * @param schedule daily windows, or {@code null} for all day
 */
record Grant(String grantId, String holder, Set<String> credentialIds, Set<String> locks, Instant validFrom,
        Instant validUntil, DailySchedule schedule) {

    static Grant of(PolicyMessage.GrantDoc doc) throws PolicyRejectedException {
        return new Grant(doc.grantId(), doc.holder(),
                doc.credentialIds() == null ? Set.of() : Set.copyOf(doc.credentialIds()),
                Set.copyOf(doc.locks()),
                PolicyJson.instant("validFrom", doc.validFrom()),
                PolicyJson.instant("validUntil", doc.validUntil()),
                doc.schedule() == null ? null : DailySchedule.parse(doc.schedule()));
    }

    PolicyMessage.GrantDoc toDoc() {
        return new PolicyMessage.GrantDoc(grantId, holder, credentialIds.stream().sorted().toList(),
                locks.stream().sorted().toList(), validFrom.toString(), validUntil.toString(),
                schedule == null ? null : schedule.toString());
    }
}
