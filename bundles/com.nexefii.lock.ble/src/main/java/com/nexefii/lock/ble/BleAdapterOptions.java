package com.nexefii.lock.ble;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@link BleAdapterConfiguration}, checked once. Every error names the property at fault. */
record BleAdapterOptions(String adapterId, Transport transport, Map<String, String> addressByLock, byte[] masterKey,
        long connectTimeoutMs, int retries, int maxConnections, long idleDisconnectMs, int batteryLowPercent,
        long simulatedConnectMinMs, long simulatedConnectMaxMs, long simulatedLatencyMs, double simulatedDropRate,
        String bluezAdapter, String bluezBusAddress) {

    enum Transport {
        SIMULATED, BLUEZ
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern BLUEZ_ADAPTER = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern ADDRESS = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");

    static BleAdapterOptions from(BleAdapterConfiguration c) {
        String adapterId = c.nexefii_lock_adapter_id();
        if (adapterId == null || !ID.matcher(adapterId).matches()) {
            throw invalid("nexefii.lock.adapter.id", "must match " + ID.pattern() + ", was '" + adapterId + "'");
        }
        Transport transport;
        try {
            transport = Transport.valueOf(c.transport());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("transport", "must be SIMULATED or BLUEZ, was '" + c.transport() + "'");
        }
        String bluezAdapter = c.bluezAdapter() == null ? "" : c.bluezAdapter().trim();
        if (!BLUEZ_ADAPTER.matcher(bluezAdapter).matches()) {
            throw invalid("bluezAdapter", "must be an adapter name such as hci0, was '" + c.bluezAdapter() + "'");
        }
        String busAddress = c.bluezBusAddress() == null ? "" : c.bluezBusAddress().trim();
        if (!busAddress.isEmpty() && !busAddress.matches("[a-z]+:.+")) {
            throw invalid("bluezBusAddress", "must be empty (system bus) or a D-Bus address such as "
                    + "unix:path=/run/dbus/system_bus_socket, was '" + busAddress + "'");
        }
        Map<String, String> locks = new LinkedHashMap<>();
        for (String entry : c.locks() == null ? new String[0] : c.locks()) {
            String[] parts = entry.trim().split("@", 2);
            if (parts.length != 2 || !ID.matcher(parts[0]).matches() || !ADDRESS.matcher(parts[1]).matches()) {
                throw invalid("locks", "entry '" + entry + "' is not lockId@AA:BB:CC:DD:EE:FF");
            }
            if (locks.put(parts[0], parts[1].toUpperCase()) != null) {
                throw invalid("locks", "lock id " + parts[0] + " listed twice");
            }
        }
        byte[] masterKey;
        try {
            masterKey = c._masterKey() == null ? new byte[0] : Base64.getDecoder().decode(c._masterKey().trim());
        } catch (IllegalArgumentException e) {
            throw invalid(".masterKey", "is not valid Base64");
        }
        if (masterKey.length < 32) {
            throw invalid(".masterKey", "must be at least 32 bytes, was " + masterKey.length);
        }
        positive("connectTimeoutMs", c.connectTimeoutMs());
        range("retries", c.retries(), 0, 10);
        range("maxConnections", c.maxConnections(), 1, 16);
        range("batteryLowPercent", c.batteryLowPercent(), 0, 100);
        if (c.idleDisconnectMs() < 0) {
            throw invalid("idleDisconnectMs", "must not be negative");
        }
        if (c.simulatedConnectMinMs() < 0 || c.simulatedConnectMaxMs() < c.simulatedConnectMinMs()) {
            throw invalid("simulatedConnectMaxMs", "must be >= simulatedConnectMinMs >= 0");
        }
        if (c.simulatedLatencyMs() < 0) {
            throw invalid("simulatedLatencyMs", "must not be negative");
        }
        if (!(c.simulatedDropRate() >= 0.0 && c.simulatedDropRate() <= 1.0)) {
            throw invalid("simulatedDropRate", "must be between 0.0 and 1.0");
        }
        return new BleAdapterOptions(adapterId, transport, java.util.Collections.unmodifiableMap(locks), masterKey, c.connectTimeoutMs(),
                c.retries(), c.maxConnections(), c.idleDisconnectMs(), c.batteryLowPercent(),
                c.simulatedConnectMinMs(), c.simulatedConnectMaxMs(), c.simulatedLatencyMs(), c.simulatedDropRate(),
                bluezAdapter, busAddress);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw invalid(name, "must be positive, was " + value);
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(name, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static IllegalArgumentException invalid(String property, String problem) {
        return new IllegalArgumentException("Invalid configuration of " + BleLockAdapter.PID + ": property '"
                + property + "' " + problem);
    }
}
