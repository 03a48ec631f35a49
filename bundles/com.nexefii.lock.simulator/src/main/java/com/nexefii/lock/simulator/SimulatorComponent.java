package com.nexefii.lock.simulator;

import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.simulator.control.SimulatedLockControl;

/**
 * One simulated lock controller per factory configuration.
 *
 * <p>The services are registered by hand rather than by SCR because consumers select adapters by
 * the API's service properties ({@link LockAdapter#ADAPTER_ID}), whose values come from the
 * operator-facing {@code adapterId} setting; SCR would only copy the setting under its own name.
 * A configuration change deactivates this instance (unanswered commands end CANCELLED) and
 * activates a new one with the new settings.
 */
// Declares by hand what SCR would have declared for the services registered in activate(), so
// resolvers of gateways and tests that require a LockAdapter find this bundle.
@Capability(namespace = "osgi.service", effective = "active", uses = { LockAdapter.class, SimulatedLockControl.class },
        attribute = "objectClass:List<String>=\"com.nexefii.lock.api.LockAdapter,"
                + "com.nexefii.lock.simulator.control.SimulatedLockControl\"")
@Component(
        service = {},
        immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = SimulatorComponent.PID)
@Designate(ocd = SimulatorConfig.class, factory = true)
public class SimulatorComponent implements LockAdapter, SimulatedLockControl {

    static final String PID = "com.nexefii.lock.simulator";
    static final String PROTOCOL = "simulator";
    /** Service property: how many locks this controller simulates. */
    static final String LOCK_COUNT = "nexefii.lock.count";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorComponent.class);

    @Reference
    private LockEventPublisher events;

    private volatile SimulatedLockFleet fleet;
    private volatile String adapterId;
    private ServiceRegistration<?> registration;

    @Activate
    void activate(BundleContext context, SimulatorConfig config) {
        SimulatorOptions options = SimulatorOptions.from(config);
        LOG.info("Activating simulated lock controller {} with {} locks ({}..{})...", options.adapterId(),
                options.lockCount(), options.lockId(1), options.lockId(options.lockCount()));
        adapterId = options.adapterId();
        fleet = new SimulatedLockFleet(options, events);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(LockAdapter.PROTOCOL, PROTOCOL);
        properties.put(LockAdapter.ADAPTER_ID, options.adapterId());
        properties.put(LOCK_COUNT, options.lockCount());
        properties.put(Constants.SERVICE_DESCRIPTION, "Simulated lock controller " + options.adapterId());
        registration = context.registerService(
                new String[] { LockAdapter.class.getName(), SimulatedLockControl.class.getName() }, this, properties);
        LOG.info("Activating simulated lock controller {}... done", options.adapterId());
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating simulated lock controller {}...", adapterId);
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
        fleet.close();
        LOG.info("Deactivating simulated lock controller {}... done", adapterId);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String adapterId() {
        return adapterId;
    }

    @Override
    public Collection<LockInfo> locks() {
        return fleet.locks();
    }

    @Override
    public CompletionStage<LockResult> execute(LockCommand command) {
        return fleet.execute(command);
    }

    @Override
    public List<String> lockIds() {
        return fleet.lockIds();
    }

    @Override
    public LockState state(String lockId) {
        return fleet.state(lockId);
    }

    @Override
    public LockState openDoor(String lockId) {
        return fleet.openDoor(lockId);
    }

    @Override
    public LockState closeDoor(String lockId) {
        return fleet.closeDoor(lockId);
    }

    @Override
    public LockState leaveDoorAjar(String lockId) {
        return fleet.leaveDoorAjar(lockId);
    }

    @Override
    public LockState forceEntry(String lockId) {
        return fleet.forceEntry(lockId);
    }

    @Override
    public LockState jam(String lockId) {
        return fleet.jam(lockId);
    }

    @Override
    public LockState clearJam(String lockId) {
        return fleet.clearJam(lockId);
    }

    @Override
    public LockState setBattery(String lockId, int percent) {
        return fleet.setBattery(lockId, percent);
    }

    @Override
    public LockState setOnline(String lockId, boolean online) {
        return fleet.setOnline(lockId, online);
    }

    @Override
    public LockState presentCredential(String lockId, CredentialType type, String credentialId, String secret) {
        return fleet.presentCredential(lockId, type, credentialId, secret);
    }
}
