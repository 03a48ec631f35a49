/**
 * A lock controller on the property LAN, simulated at the wire level: it accepts TCP connections,
 * runs the real handshake, answers COMMAND frames, keeps an event outbox until each event is
 * acknowledged, and has knobs to misbehave the ways real networks and controllers do. Runs
 * standalone ({@link com.nexefii.lock.tcp.simulator.TcpLockControllerSimulator#main}) or embedded
 * in tests.
 */
package com.nexefii.lock.tcp.simulator;
