package com.nexefii.cloud.domain.model.stay;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface StayRepository {

    void add(Stay stay);

    Optional<Stay> find(PropertyId propertyId, UUID stayId);

    List<Stay> list(PropertyId propertyId, StayStatus status);

    List<Stay> ofHolder(PropertyId propertyId, String holder);

    /** Stays still in force at the given instant (used for policy snapshots). */
    List<Stay> activeAt(PropertyId propertyId, Instant now);

    void update(Stay stay);
}
