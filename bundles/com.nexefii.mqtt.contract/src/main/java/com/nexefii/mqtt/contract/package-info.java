/**
 * The gateway-cloud MQTT contract, version 1: the topic scheme ({@link com.nexefii.mqtt.contract.Topics})
 * and the JSON Schemas of every payload, shipped as resources beside this package
 * ({@link com.nexefii.mqtt.contract.Schemas}). The module's README.md is the human-readable form.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package com.nexefii.mqtt.contract;
