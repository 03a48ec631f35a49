/**
 * The gateway's local MQTT broker, for on-property devices and gateway bundles.
 *
 * <p>The {@link com.nexefii.local.broker.LocalBroker} service tells a client where the broker
 * listens and with which generated credentials to connect; anonymous clients are refused.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.local.broker;
