package com.nexefii.lock.zigbee.simulator.runtime;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = SimulatedNetworkComponent.PID,
        name = "Nexefii simulated ZigBee network",
        description = "A ZigBee coordinator and door locks in software, for demos and tests. A ZigBee adapter "
                + "with dongle type SIMULATED and the same network id drives it.")
@interface SimulatedNetworkConfiguration {

    @AttributeDefinition(name = "Network id",
            description = "Matches the ZigBee adapter's 'serialPort' when its dongle type is SIMULATED.")
    String networkId() default "demo";

    @AttributeDefinition(name = "Locks", description = "How many commissioned door locks are on the air at start.", min = "0", max = "200")
    int lockCount() default 2;

    @AttributeDefinition(name = "Poll interval (ms)",
            description = "Sleepy end devices pick up frames only when they poll; 0 keeps their receiver on. Real locks: 7500.",
            min = "0", max = "60000")
    int pollIntervalMillis() default 1000;

    @AttributeDefinition(name = "Retransmit interval (ms)",
            description = "How often a lock repeats a notification the coordinator did not acknowledge.",
            min = "10", max = "600000")
    int retransmitIntervalMillis() default 2000;
}
