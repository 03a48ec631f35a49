/** In-framework scenarios of the cloud connector, against a real Mosquitto. */
package com.nexefii.cloud.connector.test;
