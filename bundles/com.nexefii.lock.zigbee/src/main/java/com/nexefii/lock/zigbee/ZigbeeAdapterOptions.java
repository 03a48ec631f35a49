package com.nexefii.lock.zigbee;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A ZigBee adapter's configuration, checked once: the rest of the adapter never reads raw
 * properties. Every check names the property it rejects.
 *
 * @param networkKey 32 hex digits, or empty to use the generated key of the data directory
 */
record ZigbeeAdapterOptions(
        String adapterId,
        DongleType dongleType,
        String serialPort,
        int baudRate,
        FlowControl flowControl,
        int channel,
        int panId,
        String extendedPanId,
        String networkKey,
        Path dataDirectory,
        Duration answerTimeout,
        int retries,
        int batteryLowPercent,
        int permitJoinSeconds) {

    static final Pattern ADAPTER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Set<Integer> BAUD_RATES = Set.of(9600, 19200, 38400, 57600, 115200, 230400, 460800);
    private static final Pattern HEX4 = Pattern.compile("[0-9A-Fa-f]{4}");
    private static final Pattern HEX16 = Pattern.compile("[0-9A-Fa-f]{16}");
    private static final Pattern HEX32 = Pattern.compile("[0-9A-Fa-f]{32}");

    ZigbeeAdapterOptions {
        if (adapterId == null || !ADAPTER_ID.matcher(adapterId).matches()) {
            throw new IllegalArgumentException(
                    "nexefii.lock.adapter.id: '" + adapterId + "' does not match " + ADAPTER_ID.pattern());
        }
        Objects.requireNonNull(dongleType, "dongleType");
        if (serialPort == null || serialPort.isBlank()) {
            throw new IllegalArgumentException("serialPort: must be set");
        }
        if (!BAUD_RATES.contains(baudRate)) {
            throw new IllegalArgumentException("baudRate: " + baudRate + " is not one of " + BAUD_RATES);
        }
        Objects.requireNonNull(flowControl, "flowControl");
        if (channel < 11 || channel > 26) {
            throw new IllegalArgumentException("channel: must be 11-26, was " + channel);
        }
        if (panId < 0x0001 || panId > 0xFFFE) {
            throw new IllegalArgumentException("panId: must be 0001-FFFE");
        }
        if (extendedPanId == null || !HEX16.matcher(extendedPanId).matches()) {
            throw new IllegalArgumentException("extendedPanId: must be 16 hex digits");
        }
        if (networkKey == null || !(networkKey.isEmpty() || HEX32.matcher(networkKey).matches())) {
            // never echo the value: it is a secret
            throw new IllegalArgumentException(".networkKey: must be empty or 32 hex digits");
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (answerTimeout.toMillis() < 100 || answerTimeout.toMillis() > 120_000) {
            throw new IllegalArgumentException("answerTimeoutMillis: must be 100-120000, was " + answerTimeout.toMillis());
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries: must be 0-10, was " + retries);
        }
        if (batteryLowPercent < 1 || batteryLowPercent > 100) {
            throw new IllegalArgumentException("batteryLowPercent: must be 1-100, was " + batteryLowPercent);
        }
        if (permitJoinSeconds < 0 || permitJoinSeconds > 254) {
            throw new IllegalArgumentException("permitJoinSeconds: must be 0-254, was " + permitJoinSeconds);
        }
    }

    /**
     * @param dataArea the bundle's data area; a blank {@code dataDirectory} means a folder named after
     *     the adapter id in it. Null when the framework gives the bundle no data area
     */
    static ZigbeeAdapterOptions from(ZigbeeAdapterConfiguration config, Path dataArea) {
        String pan = config.panId() == null ? "" : config.panId().trim();
        if (!HEX4.matcher(pan).matches()) {
            throw new IllegalArgumentException("panId: '" + config.panId() + "' is not 4 hex digits");
        }
        String dir = config.dataDirectory();
        Path dataDirectory;
        if (dir == null || dir.isBlank()) {
            String id = config.nexefii_lock_adapter_id();
            if (dataArea == null) {
                throw new IllegalArgumentException("dataDirectory: not set and the framework gives this bundle no data area");
            }
            if (id == null || !ADAPTER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "nexefii.lock.adapter.id: '" + id + "' does not match " + ADAPTER_ID.pattern());
            }
            dataDirectory = dataArea.resolve(id);
        } else {
            try {
                dataDirectory = Path.of(dir.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("dataDirectory: not a valid path: " + dir, e);
            }
        }
        String key = config._networkKey() == null ? "" : config._networkKey().trim();
        return new ZigbeeAdapterOptions(config.nexefii_lock_adapter_id(), config.dongleType(),
                config.serialPort() == null ? null : config.serialPort().trim(), config.baudRate(),
                config.flowControl(), config.channel(), Integer.parseInt(pan, 16),
                config.extendedPanId() == null ? null : config.extendedPanId().trim().toUpperCase(), key,
                dataDirectory, Duration.ofMillis(config.answerTimeoutMillis()), config.retries(),
                config.batteryLowPercent(), config.permitJoinSeconds());
    }

    /** @return true when only the permit-join request differs, which needs no network restart */
    boolean sameNetworkAs(ZigbeeAdapterOptions other) {
        return other != null && withoutPermitJoin().equals(other.withoutPermitJoin());
    }

    private ZigbeeAdapterOptions withoutPermitJoin() {
        return new ZigbeeAdapterOptions(adapterId, dongleType, serialPort, baudRate, flowControl, channel, panId,
                extendedPanId, networkKey, dataDirectory, answerTimeout, retries, batteryLowPercent, 0);
    }

    @Override
    public String toString() {
        return "ZigbeeAdapterOptions[" + adapterId + ", " + dongleType + " on " + serialPort + ", channel " + channel
                + ", PAN " + String.format("%04X", panId) + ", data " + dataDirectory + "]";
    }
}
