/** In-framework scenarios of the local MQTT broker. */
package com.nexefii.local.broker.test;
