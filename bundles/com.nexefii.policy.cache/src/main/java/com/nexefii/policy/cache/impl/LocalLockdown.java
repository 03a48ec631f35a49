package com.nexefii.policy.cache.impl;

import java.util.HashSet;
import java.util.Set;

/**
 * Lockdown ordered on the gateway itself, kept apart from the cloud's so a policy update never
 * lifts it. Persisted as its own small JSON file.
 */
record LocalLockdown(boolean property, Set<String> zones) {

    static final LocalLockdown NONE = new LocalLockdown(false, Set.of());

    LocalLockdown {
        zones = zones == null ? Set.of() : Set.copyOf(zones);
    }

    LocalLockdown with(String zone, boolean on) {
        if (zone == null) {
            return new LocalLockdown(on, zones);
        }
        Set<String> newZones = new HashSet<>(zones);
        if (on) {
            newZones.add(zone);
        } else {
            newZones.remove(zone);
        }
        return new LocalLockdown(property, newZones);
    }
}
