/** The MQTT bridge to the gateways (Eclipse Paho, mutual TLS, persistent session, manual acks). */
package com.nexefii.cloud.infrastructure.messaging.mqtt;
