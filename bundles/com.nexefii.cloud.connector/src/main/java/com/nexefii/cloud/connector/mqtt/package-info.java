/** The MQTT (Eclipse Paho) implementation of the cloud connector. Private. */
package com.nexefii.cloud.connector.mqtt;
