package com.nexefii.cloud.connector.mqtt;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        id = CloudConnectorComponent.PID,
        name = "Nexefii cloud connector",
        description = "MQTT link to the Nexefii cloud over mutual TLS. The property and gateway ids in the topics come "
                + "from the lock event publisher's configuration (com.nexefii.lock.events), the one place they are set.")
@interface CloudConnectorConfig {

    @AttributeDefinition(name = "Broker URL", description = "ssl://host:port of the cloud broker. Plain tcp:// is refused.")
    String brokerUrl();

    @AttributeDefinition(name = "Client id",
            description = "MQTT client id. Empty: nexefii-{propertyId}-{gatewayId}.", required = false)
    String clientId() default "";

    @AttributeDefinition(name = "Keystore path",
            description = "PKCS12 keystore with this gateway's client certificate and key (CN = gateway id).")
    String keystorePath();

    @AttributeDefinition(name = "Keystore password", type = AttributeType.PASSWORD)
    String keystorePassword();

    @AttributeDefinition(name = "Truststore path",
            description = "PKCS12 truststore with the CA that signed the broker's certificate.")
    String truststorePath();

    @AttributeDefinition(name = "Truststore password", type = AttributeType.PASSWORD)
    String truststorePassword();

    @AttributeDefinition(name = "Keep-alive (s)")
    int keepAliveSeconds() default 30;

    @AttributeDefinition(name = "Connect timeout (s)")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Reconnect first delay (ms)",
            description = "Reconnect delays grow exponentially from this, with full random jitter.")
    long reconnectMinDelayMillis() default 500;

    @AttributeDefinition(name = "Reconnect max delay (ms)")
    long reconnectMaxDelayMillis() default 60_000;

    @AttributeDefinition(name = "In-flight window",
            description = "Events published and not yet acknowledged by the broker (PUBACK), at most (1-10000): the "
                    + "MQTT QoS 1 window. With eventAcknowledgement = broker also the events not yet removed from "
                    + "the store.")
    int inFlightWindow() default 256;

    @AttributeDefinition(name = "Cloud acknowledgement window",
            description = "Events published and not yet acknowledged by the cloud's evt/ack, at most (inFlightWindow"
                    + "-100000; only with eventAcknowledgement = cloud). Larger than the in-flight window so that the "
                    + "broker's PUBACKs, not the cloud's database commits, pace a replay. It bounds what the broker "
                    + "queues for the cloud from this gateway and what is published again after a timeout.")
    int cloudAckWindow() default 1024;

    @AttributeDefinition(name = "Event acknowledgement",
            description = "What removes a forwarded event from the store. cloud: the cloud's evt/ack, sent after its "
                    + "database commit (contract v1). broker: the broker's PUBACK, only for a cloud without evt/ack.",
            options = { @Option(label = "Cloud (after its database commit)", value = "cloud"),
                @Option(label = "Broker (PUBACK)", value = "broker") })
    String eventAcknowledgement() default "cloud";

    @AttributeDefinition(name = "Cloud acknowledgement timeout (s)",
            description = "When the oldest unacknowledged event has waited this long for the cloud's evt/ack, every "
                    + "unacknowledged event is published again, in order; the wait doubles after each resend without "
                    + "an acknowledgement, up to 16 times this, so a slow cloud is not flooded (1-3600).")
    int cloudAckTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Maximum command lifetime (s)",
            description = "Commands whose expiresAt is further in the future are rejected: it bounds how long "
                    + "executed command ids must be remembered.")
    int maxCommandLifetimeSeconds() default 3600;

    @AttributeDefinition(name = "Command queue",
            description = "Commands waiting for validation, at most; beyond it they are rejected as overloaded.")
    int commandQueueSize() default 1000;

    @AttributeDefinition(name = "Inventory check interval (s)",
            description = "How often the locks are compared with the last published inventory.")
    int inventoryCheckSeconds() default 5;

    @AttributeDefinition(name = "Maximum policy message (KiB)",
            description = "Policy snapshots are larger than commands; larger messages are rejected unread.")
    int maxPolicyKiB() default 16_384;

    @AttributeDefinition(name = "Data directory",
            description = "Where the executed command ids are kept. Empty: the bundle's data area.", required = false)
    String dataDirectory() default "";
}
