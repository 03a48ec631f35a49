package com.nexefii.lock.zigbee.test;

/** Configuration PIDs of the components under test. */
final class Pids {

    static final String EVENTS = "com.nexefii.lock.events";
    static final String ZIGBEE = "com.nexefii.lock.zigbee";
    static final String ZIGBEE_SIMULATOR = "com.nexefii.lock.zigbee.simulator";
    static final String ADAPTER_COMPONENT = "com.nexefii.lock.zigbee.ZigbeeLockAdapter";

    private Pids() {
    }
}
