/**
 * A ZigBee network in software: {@link com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork}
 * is a coordinator dongle for the zsmartsystems stack (its {@code ZigBeeTransportTransmit}) with
 * {@link com.nexefii.lock.zigbee.simulator.SimulatedDoorLock}s on the air that speak real ZDO and
 * ZCL frames. Tests drive the ZigBee adapter against it; the demo gateway runs it as the
 * {@code SIMULATED} dongle, registered as an OSGi service per factory configuration.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.lock.zigbee.simulator;
