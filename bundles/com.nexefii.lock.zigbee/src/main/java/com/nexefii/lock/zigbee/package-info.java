/**
 * The ZigBee lock adapter: ZCL Door Lock cluster (0x0101) locks behind an Ember, Telegesis or
 * simulated coordinator, on the zsmartsystems ZigBee stack. Private: other bundles see only the
 * {@link com.nexefii.lock.api.LockAdapter} service.
 */
package com.nexefii.lock.zigbee;
