package com.nexefii.lock.tcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = TcpLockAdapterComponent.PID,
        name = "Nexefii TCP lock controller",
        description = "One configuration per lock controller on the property LAN. Its lock units appear as locks "
                + "tcp-<adapter id>-<unit>.")
@interface TcpAdapterConfig {

    @AttributeDefinition(name = "Adapter id",
            description = "Unique on this gateway; part of every lock id. Letters, digits, '-' and '_', at most 40.")
    String adapterId();

    @AttributeDefinition(name = "Host", description = "Controller host name or IP address on the property LAN.")
    String host();

    @AttributeDefinition(name = "Port", description = "Controller TCP port.", min = "1", max = "65535")
    int port() default 7700;

    @AttributeDefinition(name = "Shared key", type = AttributeType.PASSWORD,
            description = "The controller's key as 32-128 hexadecimal digits (16-64 bytes); the same value is set on "
                    + "the controller. Authenticates every frame.")
    String key();

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "Bound for the TCP connect and for the handshake that follows.", min = "100")
    int connectTimeoutMs() default 5000;

    @AttributeDefinition(name = "Heartbeat interval (ms)",
            description = "Both ends send a heartbeat this often; the controller adopts the gateway's value.",
            min = "100")
    int heartbeatIntervalMs() default 5000;

    @AttributeDefinition(name = "Missed heartbeats",
            description = "Heartbeat intervals without any frame from the controller before the connection is "
                    + "declared dead, its locks offline, and a reconnect starts.", min = "1", max = "20")
    int heartbeatMissesAllowed() default 3;

    @AttributeDefinition(name = "Command timeout (ms)",
            description = "Longest a command may take, retries included; an earlier deadline of the command itself wins.",
            min = "100")
    int commandTimeoutMs() default 15000;

    @AttributeDefinition(name = "Response timeout (ms)",
            description = "How long one attempt waits for the controller's answer before an idempotent command is "
                    + "sent again.", min = "50")
    int responseTimeoutMs() default 4000;

    @AttributeDefinition(name = "Retries",
            description = "Extra attempts for idempotent commands (everything but UNLOCK) and for any command the "
                    + "controller answered BUSY.", min = "0", max = "10")
    int retries() default 2;

    @AttributeDefinition(name = "Reconnect backoff, first (ms)", min = "10")
    int reconnectBackoffMinMs() default 500;

    @AttributeDefinition(name = "Reconnect backoff, longest (ms)",
            description = "The delay doubles after each failed attempt up to this.", min = "10")
    int reconnectBackoffMaxMs() default 30000;

    @AttributeDefinition(name = "Reconnect jitter",
            description = "Fraction 0-1 by which each reconnect delay varies at random, so gateways restarted "
                    + "together do not reconnect in step.", min = "0", max = "1")
    double reconnectJitter() default 0.2;

    @AttributeDefinition(name = "Maximum frame size (bytes)",
            description = "Larger frames from the controller are a protocol error: the connection is reset and the "
                    + "error counted.", min = "256", max = "1048576")
    int maxFrameSize() default 4096;

    @AttributeDefinition(name = "Shutdown grace (ms)",
            description = "When the adapter stops (update, configuration change), commands already sent get this "
                    + "long to be answered before they end CANCELLED.", min = "0", max = "30000")
    int shutdownGraceMs() default 2000;
}
