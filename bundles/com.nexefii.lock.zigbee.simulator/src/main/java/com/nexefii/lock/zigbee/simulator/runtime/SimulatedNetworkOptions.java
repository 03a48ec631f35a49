package com.nexefii.lock.zigbee.simulator.runtime;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The simulated network's configuration, checked once.
 */
record SimulatedNetworkOptions(String networkId, int lockCount, Duration pollInterval, Duration retransmitInterval) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    SimulatedNetworkOptions {
        if (networkId == null || !ID.matcher(networkId).matches()) {
            throw new IllegalArgumentException("networkId: '" + networkId + "' does not match " + ID.pattern());
        }
        if (lockCount < 0 || lockCount > 200) {
            throw new IllegalArgumentException("lockCount: must be between 0 and 200, was " + lockCount);
        }
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollIntervalMillis: must not be negative, was " + pollInterval.toMillis());
        }
        if (retransmitInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "retransmitIntervalMillis: must be at least 10, was " + retransmitInterval.toMillis());
        }
    }

    static SimulatedNetworkOptions from(SimulatedNetworkConfiguration config) {
        return new SimulatedNetworkOptions(config.networkId(), config.lockCount(),
                Duration.ofMillis(config.pollIntervalMillis()), Duration.ofMillis(config.retransmitIntervalMillis()));
    }
}
