package com.nexefii.cloud.domain.model.property;

import com.nexefii.cloud.domain.model.TenantIds;

/** The tenant: one hotel property. Every tenant-owned row carries it. */
public record PropertyId(String value) {
    public PropertyId {
        TenantIds.require("propertyId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
