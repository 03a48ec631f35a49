/**
 * In-framework scenarios of the ZigBee lock adapter against the simulated ZigBee network.
 */
package com.nexefii.lock.zigbee.test;
