package com.nexefii.lock.zigbee.simulator.runtime;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork;
import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportTransmit;

/**
 * One simulated ZigBee network per factory configuration, registered as the stack transport a
 * ZigBee adapter with dongle type SIMULATED picks up by network id. It is its own bundle so that
 * updating the adapter bundle leaves the "radio" and its locks in place, as real hardware would.
 */
@Capability(namespace = "osgi.service", effective = "active",
        uses = { ZigBeeTransportTransmit.class, SimulatedZigbeeNetwork.class },
        attribute = "objectClass:List<String>=\"com.zsmartsystems.zigbee.transport.ZigBeeTransportTransmit,"
                + "com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork\"")
@Component(service = {}, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = SimulatedNetworkComponent.PID)
@Designate(ocd = SimulatedNetworkConfiguration.class, factory = true)
public class SimulatedNetworkComponent {

    static final String PID = "com.nexefii.lock.zigbee.simulator";

    /** Service property of the registered network: its id. */
    public static final String NETWORK_ID = "nexefii.zigbee.simulator.network";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNetworkComponent.class);

    private final SimulatedZigbeeNetwork network;
    private final ServiceRegistration<?> registration;

    @Activate
    public SimulatedNetworkComponent(BundleContext context, SimulatedNetworkConfiguration config) {
        SimulatedNetworkOptions options = SimulatedNetworkOptions.from(config);
        LOG.info("Activating simulated ZigBee network {} with {} locks...", options.networkId(), options.lockCount());
        int prefix = options.networkId().hashCode() & 0xFFFF;
        network = new SimulatedZigbeeNetwork(options.networkId(),
                new IeeeAddress(String.format("5EC0%04X00000000", prefix)));
        network.retransmitInterval(options.retransmitInterval());
        for (int i = 1; i <= options.lockCount(); i++) {
            network.admit(network.newLock(new IeeeAddress(String.format("5EC0%04X%08X", prefix, i)))
                    .pollInterval(options.pollInterval()));
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(NETWORK_ID, options.networkId());
        registration = context.registerService(
                new String[] { ZigBeeTransportTransmit.class.getName(), SimulatedZigbeeNetwork.class.getName() },
                network, properties);
        LOG.info("Activating simulated ZigBee network {}... done", options.networkId());
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating simulated ZigBee network {}", network.name());
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters it when the bundle stops first
        }
        network.close();
    }
}
