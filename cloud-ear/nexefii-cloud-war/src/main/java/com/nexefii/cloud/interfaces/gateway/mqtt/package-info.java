/** The gateways' side of the cloud: inbound MQTT messages checked against the contract and routed to use cases. */
package com.nexefii.cloud.interfaces.gateway.mqtt;
