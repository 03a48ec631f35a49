package com.nexefii.lock.api;

import java.util.Objects;

/**
 * A lock an adapter owns.
 *
 * @param lockId gateway-wide unique id, stable across restarts (e.g. derived from the IEEE address)
 * @param protocol the owning adapter's protocol
 * @param adapterId the owning adapter instance
 * @param model manufacturer and model, for the inventory
 * @param address protocol address (IEEE address, BLE MAC, host:port/unit)
 */
public record LockInfo(String lockId, String protocol, String adapterId, String model, String address) {

    public LockInfo {
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(adapterId, "adapterId");
    }
}
