package com.nexefii.lock.tcp.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.testing.RecordingListener;

/**
 * One simulated controller process plus the factory configuration that points an adapter at it,
 * and a listener recording every lock event, for one test.
 */
final class ControllerFixture implements AutoCloseable {

    static final String FACTORY_PID = "com.nexefii.lock.tcp";
    static final Duration WAIT = Duration.ofSeconds(20);

    final BundleContext context;
    final String adapterId;
    final SimulatorProcess simulator;
    final RecordingListener events;
    Configuration configuration;
    private final Hashtable<String, Object> properties = new Hashtable<>();

    ControllerFixture(BundleContext context, String adapterId, Map<String, Object> overrides, String... simulatorOptions) {
        this.context = context;
        this.adapterId = adapterId;
        this.events = new RecordingListener(context);
        this.simulator = SimulatorProcess.start(simulatorOptions);
        properties.put("adapterId", adapterId);
        properties.put("host", "127.0.0.1");
        properties.put("port", simulator.port());
        properties.put("key", SimulatorProcess.KEY);
        properties.put("heartbeatIntervalMs", 500);
        properties.put("responseTimeoutMs", 2000);
        properties.put("reconnectBackoffMinMs", 20);
        properties.put("reconnectBackoffMaxMs", 200);
        properties.put("shutdownGraceMs", 200);
        properties.putAll(overrides);
        startAdapter();
    }

    /** Creates the adapter's factory configuration (again). */
    void startAdapter() {
        try {
            configuration = configAdmin().getFactoryConfiguration(FACTORY_PID, adapterId, "?");
            configuration.update(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the adapter's configuration and waits until its service is gone; the controller keeps running. */
    void stopAdapter() throws IOException {
        configuration.delete();
        await().atMost(WAIT).until(() -> reference("") == null);
    }

    ConfigurationAdmin configAdmin() {
        return context.getService(context.getServiceReference(ConfigurationAdmin.class));
    }

    String filter(String extra) {
        return "(&(" + LockAdapter.ADAPTER_ID + "=" + adapterId + ")" + extra + ")";
    }

    /** @return the adapter's service reference once its link is READY */
    ServiceReference<LockAdapter> awaitReady() {
        ServiceReference<LockAdapter> ready = await().atMost(WAIT)
                .until(() -> reference("(nexefii.lock.tcp.state=READY)"), r -> r != null);
        // and the controller has taken the session as its current one
        await().atMost(WAIT).until(() -> simulator.count("connected") == 1);
        return ready;
    }

    ServiceReference<LockAdapter> reference(String extraFilter) throws InvalidSyntaxException {
        return context.getServiceReferences(LockAdapter.class, filter(extraFilter)).stream().findFirst().orElse(null);
    }

    /** @return the adapter, once READY */
    LockAdapter adapter() {
        return context.getService(awaitReady());
    }

    long statistic(String name) {
        try {
            ServiceReference<LockAdapter> reference = reference("");
            Object value = reference == null ? null : reference.getProperty("nexefii.lock.tcp." + name);
            return value == null ? -1 : ((Number) value).longValue();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String lockId(int unit) {
        return "tcp-" + adapterId + "-" + unit;
    }

    @Override
    public void close() {
        try {
            configuration.delete();
            await().atMost(WAIT).until(() -> reference("") == null);
        } catch (IOException | IllegalStateException e) {
            // the test deleted it already
        } finally {
            events.close();
            simulator.close();
        }
    }
}
