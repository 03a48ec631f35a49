/** MicroProfile Health: liveness, and readiness of the database and the MQTT broker. */
package com.nexefii.cloud.infrastructure.health;
