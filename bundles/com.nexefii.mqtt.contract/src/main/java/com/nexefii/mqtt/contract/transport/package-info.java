/**
 * How both ends of the contract open their MQTT connections: a TLS socket factory with TCP_NODELAY,
 * which Paho does not set and without which every small message waits for the previous one's ack.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.mqtt.contract.transport;
