package com.nexefii.cloud.domain.model.property;

import java.util.List;
import java.util.Optional;

public interface PropertyRepository {

    void add(PropertyId id, String name);

    Optional<Property> find(PropertyId id);

    /** All property ids: background work (command expiry, policy, webhooks) walks them one tenant at a time. */
    List<PropertyId> allIds();

    void setLockdown(PropertyId id, boolean lockdown);

    /** Increments and returns the property's policy version (monotonic, survives restarts). */
    long nextPolicyVersion(PropertyId id);
}
