package com.nexefii.lock.zigbee;

/** The radio a ZigBee adapter drives. */
public enum DongleType {
    /** Silicon Labs EmberZNet NCP over EZSP/ASH (e.g. Sonoff ZBDongle-E, Elelabs, HUSBZB-1). */
    EMBER,
    /** Telegesis ETRX3 AT-command modules. */
    TELEGESIS,
    /** The simulated network of bundle com.nexefii.lock.zigbee.simulator, for demos and tests. */
    SIMULATED
}
