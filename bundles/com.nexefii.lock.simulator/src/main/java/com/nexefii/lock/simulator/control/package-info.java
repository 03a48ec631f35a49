/**
 * Test and demo hooks into the simulated locks: stage what hardware does on its own (a door left
 * ajar, forced entry, a jam, a flat battery, a lock out of radio range) and read a lock's simulated
 * state. Deliberately not part of the lock API: only the simulator offers it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.lock.simulator.control;
