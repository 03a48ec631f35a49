package com.nexefii.local.broker;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Where the gateway's local MQTT broker listens, and how a gateway bundle logs in to it. */
@ProviderType
public interface LocalBroker {

    /** Configuration PID of the broker component. */
    String PID = "com.nexefii.local.broker";

    /** @return the client URI, e.g. {@code tcp://192.168.10.2:1883} */
    String uri();

    /** @return the user name gateway bundles use */
    String username();

    /** @return a copy of that user's generated password; clear it after use */
    char[] password();

    /** @return true while the broker process is alive */
    boolean running();

    /** Topics an on-property device may use: {@code devices/<deviceId>/...}, nothing else. */
    String DEVICE_TOPIC_PREFIX = "devices/";

    /**
     * Adds an on-property device user, or gives an existing one a new password. The device may
     * publish and subscribe under {@link #DEVICE_TOPIC_PREFIX}{@code <deviceId>/#} only.
     *
     * @param deviceId 1-64 characters of {@code [A-Za-z0-9._-]}, not the gateway user's name
     * @return the device's new password: shown once, only its hash is kept; clear it after use
     * @throws IllegalArgumentException for an unusable device id
     * @throws IllegalStateException when the broker's files cannot be written
     */
    char[] addDevice(String deviceId);

    /**
     * Removes a device user; its open connection is closed (the broker restarts, other clients
     * reconnect with their sessions intact).
     *
     * @return false when no such device existed
     */
    boolean removeDevice(String deviceId);

    /** @return the device users, sorted */
    Set<String> devices();
}
