package com.nexefii.lock.events;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The publisher's configuration, checked once.
 *
 * @param propertyId the tenant id stamped on events
 * @param gatewayId the gateway id stamped on events
 * @param dataDirectory where the sequence reservation file lives
 * @param requireDurableListener refuse events while no durable listener is bound
 * @param durableListenerWait how long a publish waits for a durable listener before it is refused
 */
record LockEventPublisherOptions(String propertyId, String gatewayId, Path dataDirectory, boolean requireDurableListener,
        Duration durableListenerWait) {

    static final Duration MAX_DURABLE_LISTENER_WAIT = Duration.ofMinutes(1);

    LockEventPublisherOptions(String propertyId, String gatewayId, Path dataDirectory) {
        this(propertyId, gatewayId, dataDirectory, false, Duration.ZERO);
    }

    /** Ids travel in MQTT topics and URLs: keep them to a safe, short alphabet. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    LockEventPublisherOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durableListenerWait, "durableListenerWait");
        if (durableListenerWait.isNegative() || durableListenerWait.compareTo(MAX_DURABLE_LISTENER_WAIT) > 0) {
            throw new IllegalArgumentException("durableListenerWaitMillis: " + durableListenerWait.toMillis()
                    + " is outside 0.." + MAX_DURABLE_LISTENER_WAIT.toMillis());
        }
        requireId("propertyId", propertyId);
        requireId("gatewayId", gatewayId);
    }

    /**
     * @param fallbackDataDirectory used when {@code dataDirectory} is blank
     * @throws IllegalArgumentException naming the offending property
     */
    static LockEventPublisherOptions from(LockEventPublisherConfig config, Path fallbackDataDirectory) {
        String dir = config.dataDirectory();
        Path dataDirectory;
        if (dir == null || dir.isBlank()) {
            if (fallbackDataDirectory == null) {
                throw new IllegalArgumentException(
                        "dataDirectory: not set and the framework gives this bundle no data area");
            }
            dataDirectory = fallbackDataDirectory;
        } else {
            try {
                dataDirectory = Path.of(dir.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("dataDirectory: not a valid path: " + dir, e);
            }
        }
        return new LockEventPublisherOptions(config.propertyId(), config.gatewayId(), dataDirectory,
                config.requireDurableListener(), Duration.ofMillis(config.durableListenerWaitMillis()));
    }

    private static void requireId(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + ": must be set");
        }
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    property + ": '" + value + "' does not match " + ID.pattern());
        }
    }
}
