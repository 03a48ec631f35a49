package com.nexefii.cloud.connector.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The connector's configuration, checked once. Passwords never appear in {@link #toString()}.
 *
 * @param brokerUri the broker, {@code ssl://host:port}
 * @param clientId the MQTT client id, empty for the default
 * @param keystore the client certificate keystore (PKCS12)
 * @param keystorePassword its password
 * @param truststore the broker CA truststore (PKCS12)
 * @param truststorePassword its password
 * @param keepAlive MQTT keep-alive
 * @param connectTimeout connect timeout
 * @param reconnectMinDelay first reconnect delay
 * @param reconnectMaxDelay cap of the reconnect delay
 * @param inFlightWindow events published and not yet PUBACKed at most
 * @param maxCommandLifetime commands expiring later than this from now are refused
 * @param commandQueueSize commands waiting at most
 * @param inventoryCheck how often the inventory is compared
 * @param maxPolicyBytes policy messages larger than this are rejected
 * @param dataDirectory where the executed command ids live
 * @param eventAcknowledgement what removes a forwarded event from the store
 * @param cloudAckTimeout unacknowledged events are sent again when the oldest waited this long
 * @param cloudAckWindow events published and not acknowledged by the cloud at most, at least
 *     {@code inFlightWindow} (the PUBACK window); only with {@link EventAcknowledgement#CLOUD}
 */
public record CloudConnectorOptions(
        URI brokerUri,
        String clientId,
        Path keystore,
        String keystorePassword,
        Path truststore,
        String truststorePassword,
        Duration keepAlive,
        Duration connectTimeout,
        Duration reconnectMinDelay,
        Duration reconnectMaxDelay,
        int inFlightWindow,
        Duration maxCommandLifetime,
        int commandQueueSize,
        Duration inventoryCheck,
        int maxPolicyBytes,
        Path dataDirectory,
        EventAcknowledgement eventAcknowledgement,
        Duration cloudAckTimeout,
        int cloudAckWindow) {

    /** Default of {@code cloudAckTimeoutSeconds}. */
    static final Duration DEFAULT_CLOUD_ACK_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@code cloudAckWindow}: two of the cloud's ingest batches (500) and some. */
    static final int DEFAULT_CLOUD_ACK_WINDOW = 1024;

    public CloudConnectorOptions {
        Objects.requireNonNull(brokerUri, "brokerUrl");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(eventAcknowledgement, "eventAcknowledgement");
        Objects.requireNonNull(cloudAckTimeout, "cloudAckTimeout");
        if (cloudAckWindow < inFlightWindow) {
            throw new IllegalArgumentException("cloudAckWindow: " + cloudAckWindow + " is below inFlightWindow "
                    + inFlightWindow + " (an event the broker acknowledged still waits for the cloud)");
        }
    }

    /**
     * With the defaults: events leave the store on the cloud's evt/ack, resent after 30 s without one, at
     * most {@link #DEFAULT_CLOUD_ACK_WINDOW} (or the in-flight window when larger) waiting for it.
     */
    public CloudConnectorOptions(URI brokerUri, String clientId, Path keystore, String keystorePassword,
            Path truststore, String truststorePassword, Duration keepAlive, Duration connectTimeout,
            Duration reconnectMinDelay, Duration reconnectMaxDelay, int inFlightWindow, Duration maxCommandLifetime,
            int commandQueueSize, Duration inventoryCheck, int maxPolicyBytes, Path dataDirectory) {
        this(brokerUri, clientId, keystore, keystorePassword, truststore, truststorePassword, keepAlive,
                connectTimeout, reconnectMinDelay, reconnectMaxDelay, inFlightWindow, maxCommandLifetime,
                commandQueueSize, inventoryCheck, maxPolicyBytes, dataDirectory, EventAcknowledgement.CLOUD,
                DEFAULT_CLOUD_ACK_TIMEOUT, Math.max(DEFAULT_CLOUD_ACK_WINDOW, inFlightWindow));
    }

    /** @return the same options acknowledged by {@code mode}, resent after {@code timeout} */
    CloudConnectorOptions withEventAcknowledgement(EventAcknowledgement mode, Duration timeout) {
        return new CloudConnectorOptions(brokerUri, clientId, keystore, keystorePassword, truststore,
                truststorePassword, keepAlive, connectTimeout, reconnectMinDelay, reconnectMaxDelay, inFlightWindow,
                maxCommandLifetime, commandQueueSize, inventoryCheck, maxPolicyBytes, dataDirectory, mode, timeout,
                cloudAckWindow);
    }

    /** @return the same options with at most {@code window} events waiting for the cloud's evt/ack */
    CloudConnectorOptions withCloudAckWindow(int window) {
        return new CloudConnectorOptions(brokerUri, clientId, keystore, keystorePassword, truststore,
                truststorePassword, keepAlive, connectTimeout, reconnectMinDelay, reconnectMaxDelay, inFlightWindow,
                maxCommandLifetime, commandQueueSize, inventoryCheck, maxPolicyBytes, dataDirectory,
                eventAcknowledgement, cloudAckTimeout, window);
    }

    /** @return events published and not yet acknowledged (removed from the store) at most */
    int unacknowledgedWindow() {
        return eventAcknowledgement == EventAcknowledgement.CLOUD ? cloudAckWindow : inFlightWindow;
    }

    /** @throws IllegalArgumentException naming the offending property */
    static CloudConnectorOptions from(CloudConnectorConfig config, Path fallbackDataDirectory) {
        URI broker = brokerUri(config.brokerUrl());
        String clientId = config.clientId() == null ? "" : config.clientId().trim();
        if (clientId.length() > 128) {
            throw new IllegalArgumentException("clientId: at most 128 characters");
        }
        Path keystore = readableFile("keystorePath", config.keystorePath());
        Path truststore = readableFile("truststorePath", config.truststorePath());
        String keystorePassword = required("keystorePassword", config.keystorePassword());
        String truststorePassword = required("truststorePassword", config.truststorePassword());
        range("keepAliveSeconds", config.keepAliveSeconds(), 5, 3600);
        range("connectTimeoutSeconds", config.connectTimeoutSeconds(), 1, 300);
        range("reconnectMinDelayMillis", config.reconnectMinDelayMillis(), 10, 600_000);
        range("reconnectMaxDelayMillis", config.reconnectMaxDelayMillis(), config.reconnectMinDelayMillis(), 3_600_000);
        range("inFlightWindow", config.inFlightWindow(), 1, 10_000);
        range("maxCommandLifetimeSeconds", config.maxCommandLifetimeSeconds(), 1, 7 * 24 * 3600);
        range("commandQueueSize", config.commandQueueSize(), 1, 100_000);
        range("inventoryCheckSeconds", config.inventoryCheckSeconds(), 1, 3600);
        range("maxPolicyKiB", config.maxPolicyKiB(), 1, 1024 * 1024);
        EventAcknowledgement acknowledgement = EventAcknowledgement.parse(config.eventAcknowledgement());
        range("cloudAckTimeoutSeconds", config.cloudAckTimeoutSeconds(), 1, 3600);
        range("cloudAckWindow", config.cloudAckWindow(), config.inFlightWindow(), 100_000);
        Path data;
        String dir = config.dataDirectory();
        if (dir == null || dir.isBlank()) {
            if (fallbackDataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory: not set and the framework gives this bundle no data area");
            }
            data = fallbackDataDirectory;
        } else {
            try {
                data = Path.of(dir.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("dataDirectory: not a valid path: " + dir, e);
            }
        }
        return new CloudConnectorOptions(broker, clientId, keystore, keystorePassword, truststore, truststorePassword,
                Duration.ofSeconds(config.keepAliveSeconds()), Duration.ofSeconds(config.connectTimeoutSeconds()),
                Duration.ofMillis(config.reconnectMinDelayMillis()), Duration.ofMillis(config.reconnectMaxDelayMillis()),
                config.inFlightWindow(), Duration.ofSeconds(config.maxCommandLifetimeSeconds()),
                config.commandQueueSize(), Duration.ofSeconds(config.inventoryCheckSeconds()),
                config.maxPolicyKiB() * 1024, data, acknowledgement, Duration.ofSeconds(config.cloudAckTimeoutSeconds()),
                config.cloudAckWindow());
    }

    private static URI brokerUri(String value) {
        String url = required("brokerUrl", value);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("brokerUrl: not a URL: " + url, e);
        }
        if (!"ssl".equals(uri.getScheme())) {
            throw new IllegalArgumentException("brokerUrl: must be ssl://host:port (mutual TLS), not " + url);
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("brokerUrl: needs a host and a port: " + url);
        }
        return uri;
    }

    private static Path readableFile(String property, String value) {
        String path = required(property, value);
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(property + ": not a valid path: " + path, e);
        }
        if (!Files.isReadable(p) || !Files.isRegularFile(p)) {
            throw new IllegalArgumentException(property + ": no readable file at " + path);
        }
        return p;
    }

    private static String required(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + ": must be set");
        }
        return value.trim();
    }

    private static void range(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + ": " + value + " is outside " + min + ".." + max);
        }
    }

    /** @return the client id to use for this gateway */
    String clientIdFor(String propertyId, String gatewayId) {
        return clientId.isEmpty() ? "nexefii-" + propertyId + "-" + gatewayId : clientId;
    }

    @Override
    public String toString() {
        return "CloudConnectorOptions[broker=" + brokerUri + ", keystore=" + keystore + ", truststore=" + truststore
                + ", window=" + inFlightWindow + ", cloudAckWindow=" + cloudAckWindow + ", acknowledgement=" + eventAcknowledgement + ", passwords=****]";
    }
}
