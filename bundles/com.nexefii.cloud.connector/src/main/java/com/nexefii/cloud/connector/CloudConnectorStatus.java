package com.nexefii.cloud.connector;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** The cloud connector's state, registered as a service by the connector. */
@ProviderType
public interface CloudConnectorStatus {

    /** Counter: events published and acknowledged by the broker (PUBACK). */
    String EVENTS_ACKNOWLEDGED = "events.acknowledged";
    /** Counter: events published, including re-sends after a reconnect. */
    String EVENTS_SENT = "events.sent";
    /** Counter: commands handed to the lock router. */
    String COMMANDS_EXECUTED = "commands.executed";
    /** Counter prefix: commands rejected, followed by the reason, e.g. {@code commands.rejected.expired}. */
    String COMMANDS_REJECTED = "commands.rejected.";
    /** Counter: successful connections (the first one included). */
    String CONNECTS = "link.connects";
    /** Counter: lost connections. */
    String CONNECTION_LOSSES = "link.losses";
    /** Counter prefix: policy messages by what the policy cache did, e.g. {@code policy.applied}. */
    String POLICY = "policy.";

    /** @return true while the MQTT connection is up */
    boolean connected();

    /** @return a snapshot of every counter, by name */
    Map<String, Long> counters();
}
