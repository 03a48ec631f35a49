package com.nexefii.lock.zigbee.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork;

/**
 * One hotel wing for a test: a simulated ZigBee network (its own factory configuration, as on the
 * demo gateway) and a ZigBee adapter configured for it, both created through ConfigAdmin and
 * removed again when the test is over.
 */
final class ZigbeeSite implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final String name;
    final Path data;
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final Configuration network;
    private Configuration adapter;

    private ZigbeeSite(BundleContext context, ConfigurationAdmin configAdmin, String name, int lockCount)
            throws IOException {
        this.context = context;
        this.configAdmin = configAdmin;
        this.name = name;
        this.data = Files.createTempDirectory("zigbee-" + name);
        network = configAdmin.createFactoryConfiguration(Pids.ZIGBEE_SIMULATOR, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("networkId", name);
        properties.put("lockCount", lockCount);
        properties.put("pollIntervalMillis", 0);
        properties.put("retransmitIntervalMillis", 200);
        network.update(properties);
    }

    /** A network with {@code lockCount} commissioned locks and an adapter that installs them. */
    static ZigbeeSite withLocks(BundleContext context, ConfigurationAdmin configAdmin, String name, int lockCount,
            Map<String, Object> adapterSettings) throws IOException {
        ZigbeeSite site = new ZigbeeSite(context, configAdmin, name, lockCount);
        site.configureAdapter(adapterSettings);
        for (SimulatedDoorLock lock : site.air().locks()) {
            site.awaitInstalled(lock);
        }
        return site;
    }

    void configureAdapter(Map<String, Object> settings) throws IOException {
        if (adapter == null) {
            adapter = configAdmin.createFactoryConfiguration(Pids.ZIGBEE, "?");
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(LockAdapter.ADAPTER_ID, adapterId());
        properties.put("dongleType", "SIMULATED");
        properties.put("serialPort", name);
        properties.put("dataDirectory", data.toString());
        properties.put("answerTimeoutMillis", 1000);
        properties.put("retries", 2);
        settings.forEach(properties::put);
        adapter.update(properties);
    }

    String adapterId() {
        return "zb-" + name;
    }

    String filter() {
        return "(" + LockAdapter.ADAPTER_ID + "=" + adapterId() + ")";
    }

    SimulatedZigbeeNetwork air() {
        ServiceReference<SimulatedZigbeeNetwork> reference = await().atMost(WAIT)
                .until(() -> first(SimulatedZigbeeNetwork.class, "(nexefii.zigbee.simulator.network=" + name + ")"),
                        r -> r != null);
        return context.getService(reference);
    }

    ServiceReference<LockAdapter> adapterReference() {
        return await().atMost(WAIT).until(() -> first(LockAdapter.class, filter()), r -> r != null);
    }

    LockAdapter adapter() {
        return context.getService(adapterReference());
    }

    /** The commissioned locks, in address order. */
    List<SimulatedDoorLock> locks() {
        return air().locks().stream().sorted(Comparator.comparing(l -> l.ieeeAddress().toString())).toList();
    }

    static String lockId(SimulatedDoorLock lock) {
        return "zigbee-" + lock.ieeeAddress().toString().toLowerCase();
    }

    /** Waits until the adapter owns the lock and has finished installing it (binding, reporting, model). */
    void awaitInstalled(SimulatedDoorLock lock) {
        await().atMost(WAIT).until(() -> adapter().locks().stream().map(LockInfo::lockId)
                .anyMatch(lockId(lock)::equals)
                && lock.receivedCommands().contains(SimulatedDoorLock.READ_BASIC_ATTRIBUTES));
    }

    Collection<String> lockIds() {
        return adapter().locks().stream().map(LockInfo::lockId).toList();
    }

    LockResult run(LockCommand command) {
        try {
            return adapter().execute(command).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("command " + command + " did not complete", e);
        }
    }

    private <T> ServiceReference<T> first(Class<T> type, String filter) throws InvalidSyntaxException {
        return context.getServiceReferences(type, filter).stream().findFirst().orElse(null);
    }

    @Override
    public void close() throws IOException {
        if (adapter != null) {
            adapter.delete();
            await().atMost(WAIT).until(() -> first(LockAdapter.class, filter()) == null);
        }
        network.delete();
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }
}
