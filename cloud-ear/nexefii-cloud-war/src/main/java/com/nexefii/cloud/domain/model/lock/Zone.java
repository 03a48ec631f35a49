package com.nexefii.cloud.domain.model.lock;

import com.nexefii.cloud.domain.model.property.PropertyId;

/** A room or an area (floor, pool, staff corridor) grouping locks; lockdown applies per zone or per property. */
public record Zone(PropertyId propertyId, String zoneId, String name, String kind, boolean lockdown) {
}
