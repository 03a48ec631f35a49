package com.nexefii.cloud.domain.model.stay;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A grant: who (the holder, a Keycloak subject) may open which locks, from when until when. A guest
 * stay is a grant for the room's locks plus shared doors; staff grants use the same shape.
 */
public record Stay(PropertyId propertyId, UUID stayId, String holder, String roomZoneId, List<String> lockIds,
        Instant validFrom, Instant validUntil, StayStatus status) {

    public boolean activeAt(Instant now) {
        return status == StayStatus.CHECKED_IN && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }

    public boolean allows(String lockId, Instant now) {
        return activeAt(now) && lockIds.contains(lockId);
    }
}
