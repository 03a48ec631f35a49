package com.nexefii.lock.tcp;

import java.time.Duration;
import java.util.regex.Pattern;

import com.nexefii.lock.tcp.protocol.FrameCodec;
import com.nexefii.lock.tcp.protocol.SessionKeys;

/**
 * The validated, immutable form of one {@link TcpAdapterConfig}. Parsing fails with an
 * {@link IllegalArgumentException} naming the property, so the component never starts half
 * configured. The key is never part of a message or of {@link #toString()}.
 */
final class TcpAdapterOptions {

    private static final Pattern ADAPTER_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final String adapterId;
    private final String host;
    private final int port;
    private final byte[] sharedKey;
    private final Duration connectTimeout;
    private final Duration heartbeatInterval;
    private final int heartbeatMissesAllowed;
    private final Duration commandTimeout;
    private final Duration responseTimeout;
    private final int retries;
    private final Duration reconnectBackoffMin;
    private final Duration reconnectBackoffMax;
    private final double reconnectJitter;
    private final int maxFrameSize;
    private final Duration shutdownGrace;

    private TcpAdapterOptions(TcpAdapterConfig config) {
        adapterId = require("adapterId", config.adapterId(), ADAPTER_ID.matcher(nullToEmpty(config.adapterId())).matches(),
                "letters, digits, '-' and '_', 1 to 40 of them");
        host = require("host", config.host(), config.host() != null && !config.host().isBlank()
                && !config.host().strip().contains(" "), "a host name or IP address").strip();
        port = range("port", config.port(), 1, 65535);
        sharedKey = key(config.key());
        connectTimeout = millis("connectTimeoutMs", config.connectTimeoutMs(), 100, 600_000);
        heartbeatInterval = millis("heartbeatIntervalMs", config.heartbeatIntervalMs(), 100, 3_600_000);
        heartbeatMissesAllowed = range("heartbeatMissesAllowed", config.heartbeatMissesAllowed(), 1, 20);
        commandTimeout = millis("commandTimeoutMs", config.commandTimeoutMs(), 100, 3_600_000);
        responseTimeout = millis("responseTimeoutMs", config.responseTimeoutMs(), 50, 3_600_000);
        retries = range("retries", config.retries(), 0, 10);
        reconnectBackoffMin = millis("reconnectBackoffMinMs", config.reconnectBackoffMinMs(), 10, 3_600_000);
        reconnectBackoffMax = millis("reconnectBackoffMaxMs", config.reconnectBackoffMaxMs(), 10, 3_600_000);
        if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
            throw invalid("reconnectBackoffMaxMs", "must not be below reconnectBackoffMinMs ("
                    + reconnectBackoffMin.toMillis() + ")", config.reconnectBackoffMaxMs());
        }
        double jitter = config.reconnectJitter();
        if (!(jitter >= 0 && jitter <= 1)) {
            throw invalid("reconnectJitter", "must be between 0 and 1", jitter);
        }
        reconnectJitter = jitter;
        maxFrameSize = range("maxFrameSize", config.maxFrameSize(), FrameCodec.SMALLEST_MAX_FRAME_SIZE,
                FrameCodec.LARGEST_MAX_FRAME_SIZE);
        shutdownGrace = millis("shutdownGraceMs", config.shutdownGraceMs(), 0, 30_000);
    }

    /** @throws IllegalArgumentException naming the first invalid property */
    static TcpAdapterOptions from(TcpAdapterConfig config) {
        return new TcpAdapterOptions(config);
    }

    String adapterId() {
        return adapterId;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** @return a copy: callers cannot change or keep a reference into the options */
    byte[] sharedKey() {
        return sharedKey.clone();
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    int heartbeatMissesAllowed() {
        return heartbeatMissesAllowed;
    }

    /** @return how long without any frame from the controller before the connection counts as dead */
    Duration deadAfter() {
        return heartbeatInterval.multipliedBy(heartbeatMissesAllowed);
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    Duration responseTimeout() {
        return responseTimeout;
    }

    int retries() {
        return retries;
    }

    Duration reconnectBackoffMin() {
        return reconnectBackoffMin;
    }

    Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    double reconnectJitter() {
        return reconnectJitter;
    }

    int maxFrameSize() {
        return maxFrameSize;
    }

    Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** @return {@code host:port}, how operators name the controller */
    String endpoint() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "TcpAdapterOptions[" + adapterId + " -> " + endpoint() + ", heartbeat " + heartbeatInterval.toMillis()
                + " ms x" + heartbeatMissesAllowed + ", command " + commandTimeout.toMillis() + " ms, response "
                + responseTimeout.toMillis() + " ms, retries " + retries + ", backoff " + reconnectBackoffMin.toMillis()
                + "-" + reconnectBackoffMax.toMillis() + " ms, max frame " + maxFrameSize + ", key ****]";
    }

    private static byte[] key(String hex) {
        try {
            return SessionKeys.parseHexKey(hex);
        } catch (IllegalArgumentException e) {
            // the value is a secret: say what is wrong with it, never what it is
            throw new IllegalArgumentException(
                    "Invalid " + TcpLockAdapterComponent.PID + " configuration: property 'key' " + e.getMessage()
                            + " (32 to 128 hexadecimal digits)");
        }
    }

    private static String require(String property, String value, boolean valid, String expected) {
        if (!valid) {
            throw invalid(property, "must be " + expected, value);
        }
        return value;
    }

    private static int range(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(property, "must be " + min + " to " + max, value);
        }
        return value;
    }

    private static Duration millis(String property, int value, int min, int max) {
        return Duration.ofMillis(range(property, value, min, max));
    }

    private static IllegalArgumentException invalid(String property, String rule, Object value) {
        return new IllegalArgumentException("Invalid " + TcpLockAdapterComponent.PID + " configuration: property '"
                + property + "' " + rule + ", was '" + value + "'");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
