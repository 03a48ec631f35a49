package com.nexefii.local.broker;

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
}
