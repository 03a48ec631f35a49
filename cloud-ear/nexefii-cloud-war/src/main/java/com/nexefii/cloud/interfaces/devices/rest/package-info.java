/** REST resources of the device manager: gateways, inventory, commands, policy. */
package com.nexefii.cloud.interfaces.devices.rest;
