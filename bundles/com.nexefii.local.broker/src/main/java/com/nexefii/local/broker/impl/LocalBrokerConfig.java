package com.nexefii.local.broker.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.nexefii.local.broker.LocalBroker;

@ObjectClassDefinition(
        id = LocalBroker.PID,
        name = "Nexefii local MQTT broker",
        description = "Runs Debian's mosquitto for on-property devices and gateway bundles, with password "
                + "authentication and no anonymous access. The configuration files are generated; edits to them "
                + "are overwritten.")
@interface LocalBrokerConfig {

    @AttributeDefinition(name = "Bind address",
            description = "The property-network interface address to listen on. 127.0.0.1 keeps it on the gateway.")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 1883;

    @AttributeDefinition(name = "mosquitto executable")
    String executable() default "/usr/sbin/mosquitto";

    @AttributeDefinition(name = "mosquitto_passwd executable")
    String passwdExecutable() default "/usr/bin/mosquitto_passwd";

    @AttributeDefinition(name = "Gateway user name", description = "The broker user gateway bundles log in as.")
    String username() default "nexefii-gateway";

    @AttributeDefinition(name = "Run as",
            description = "When the gateway runs as root, mosquitto drops to this user; its files are handed to it.")
    String runAsUser() default "mosquitto";

    @AttributeDefinition(name = "Maximum connections", min = "1", max = "100000")
    int maxConnections() default 256;

    @AttributeDefinition(name = "Restart delay (ms)",
            description = "First wait before restarting a broker that died; doubles on each quick death, up to 30 s.",
            min = "100", max = "30000")
    int restartDelayMillis() default 1000;

    @AttributeDefinition(name = "TLS certificate (PEM)",
            description = "The broker's server certificate chain. With the key set, the listener speaks TLS 1.2+ only "
                    + "(ssl://); empty: plain MQTT with passwords, for a closed property network only.", required = false)
    String tlsCertificateFile() default "";

    @AttributeDefinition(name = "TLS private key (PEM)", description = "The key of the server certificate.",
            required = false)
    String tlsKeyFile() default "";

    @AttributeDefinition(name = "TLS client CA (PEM)",
            description = "With TLS: devices must also present a client certificate issued by this CA (mutual TLS), "
                    + "in addition to their password. Empty: password only.", required = false)
    String tlsClientCaFile() default "";

    @AttributeDefinition(name = "Data directory",
            description = "Where the generated configuration, password file and broker persistence live. Empty: the "
                    + "bundle's own data area.", required = false)
    String dataDirectory() default "";
}
