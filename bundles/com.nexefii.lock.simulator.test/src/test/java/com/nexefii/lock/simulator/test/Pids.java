package com.nexefii.lock.simulator.test;

/** Configuration PIDs of the components under test. */
final class Pids {

    static final String EVENTS = "com.nexefii.lock.events";
    static final String SIMULATOR = "com.nexefii.lock.simulator";

    private Pids() {
    }
}
