/**
 * The gateway's local MQTT broker, for on-property devices and gateway bundles.
 *
 * <p>The {@link com.nexefii.local.broker.LocalBroker} service tells a client where the broker
 * listens and with which generated credentials to connect; anonymous clients are refused. On-property
 * devices get their own users, each limited to its own topics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package com.nexefii.local.broker;
