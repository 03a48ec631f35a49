package com.nexefii.cloud.domain.model.lock;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface LockRepository {

    Optional<Lock> find(PropertyId propertyId, String lockId);

    List<Lock> list(PropertyId propertyId);

    List<Lock> inZone(PropertyId propertyId, String zoneId);

    /** Inserts or updates a lock reported in a gateway's inventory; keeps its zone unless one is given. */
    void upsertFromInventory(PropertyId propertyId, String gatewayId, String lockId, String protocol, String model,
            String zoneId, Instant at);

    void assignZone(PropertyId propertyId, String lockId, String zoneId);

    void updateState(PropertyId propertyId, String lockId, String boltState, String doorState, Integer batteryPercent,
            Boolean online, Instant at);

    /** Applies many locks' state changes in one statement; unknown locks are skipped. */
    void updateStates(PropertyId propertyId, java.util.Collection<LockStateChange> changes);

    void addZone(Zone zone);

    Optional<Zone> findZone(PropertyId propertyId, String zoneId);

    List<Zone> zones(PropertyId propertyId);

    void setZoneLockdown(PropertyId propertyId, String zoneId, boolean lockdown);

    /** Staff role -> zones that role may open. */
    java.util.Map<String, List<String>> staffZones(PropertyId propertyId);

    void grantZoneToRole(PropertyId propertyId, String role, String zoneId);
}
