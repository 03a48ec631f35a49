package com.nexefii.edge.crash;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Writes the gateway's configuration from {@code crash.*} system properties at every start. */
@Component(immediate = true)
public class CrashConfigSeeder {

    @Reference
    ConfigurationAdmin configAdmin;

    @Activate
    void activate() throws IOException {
        String data = System.getProperty("crash.data");
        Dictionary<String, Object> publisher = new Hashtable<>();
        publisher.put("propertyId", System.getProperty("crash.propertyId", "hotel-a"));
        publisher.put("gatewayId", System.getProperty("crash.gatewayId", "gw-a1"));
        publisher.put("dataDirectory", data + "/publisher");
        // as the gateway ships: nothing is numbered while the store is not bound
        publisher.put("requireDurableListener", Boolean.TRUE);
        update("com.nexefii.lock.events", publisher);

        Dictionary<String, Object> store = new Hashtable<>();
        store.put("dataDirectory", data + "/events");
        store.put("durabilityMode", "GROUP_COMMIT");
        update("com.nexefii.event.store", store);

        Dictionary<String, Object> connector = new Hashtable<>();
        connector.put("brokerUrl", System.getProperty("crash.brokerUrl"));
        connector.put("keystorePath", System.getProperty("crash.keystore"));
        connector.put("keystorePassword", System.getProperty("crash.password"));
        connector.put("truststorePath", System.getProperty("crash.truststore"));
        connector.put("truststorePassword", System.getProperty("crash.password"));
        connector.put("reconnectMinDelayMillis", 100L);
        connector.put("reconnectMaxDelayMillis", 2000L);
        connector.put("inFlightWindow", 256);
        connector.put("dataDirectory", data + "/connector");
        update("com.nexefii.cloud.connector", connector);

        Dictionary<String, Object> simulator = new Hashtable<>();
        simulator.put("adapterId", "sim-1");
        simulator.put("lockCount", 5);
        simulator.put("lockIdPrefix", "sim-a-");
        simulator.put("randomSeed", 42L);
        Configuration sim = configAdmin.getFactoryConfiguration("com.nexefii.lock.simulator", "crash", "?");
        sim.update(simulator);
    }

    private void update(String pid, Dictionary<String, Object> properties) throws IOException {
        configAdmin.getConfiguration(pid, "?").update(properties);
    }
}
