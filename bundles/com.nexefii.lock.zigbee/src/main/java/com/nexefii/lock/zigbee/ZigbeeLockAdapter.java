package com.nexefii.lock.zigbee;

import java.io.File;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.zsmartsystems.zigbee.ZigBeeStatus;
import com.zsmartsystems.zigbee.dongle.ember.ZigBeeDongleEzsp;
import com.zsmartsystems.zigbee.dongle.telegesis.ZigBeeDongleTelegesis;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportTransmit;

/**
 * The ZigBee lock adapter: one per coordinator dongle (factory configuration). It starts the
 * network in the background, so a slow or missing dongle never blocks the gateway; until the
 * network is up, commands to known locks end {@code UNREACHABLE} or at their deadline.
 *
 * <p>Stopping (bundle update, configuration change) ends every queued or running command with
 * {@code CANCELLED}; the locks stay known on disk and the next instance resumes them.
 */
@Component(
        service = LockAdapter.class,
        immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = ZigbeeLockAdapter.PID,
        property = LockAdapter.PROTOCOL + "=" + ZigbeeLockNetwork.PROTOCOL)
@Designate(ocd = ZigbeeAdapterConfiguration.class, factory = true)
public class ZigbeeLockAdapter implements LockAdapter {

    static final String PID = "com.nexefii.lock.zigbee";

    /** Service property of a simulated network (bundle com.nexefii.lock.zigbee.simulator). */
    static final String SIMULATED_NETWORK = "nexefii.zigbee.simulator.network";

    private static final Logger LOG = LoggerFactory.getLogger(ZigbeeLockAdapter.class);

    private final BundleContext context;
    private final LockEventPublisher publisher;

    private volatile ZigbeeAdapterOptions options;
    private volatile ZigbeeLockNetwork network;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private ExecutorService starter;
    private ServiceTracker<ZigBeeTransportTransmit, ZigBeeTransportTransmit> simulated;

    @Activate
    public ZigbeeLockAdapter(BundleContext context, ZigbeeAdapterConfiguration config,
            @Reference LockEventPublisher publisher) {
        this.context = context;
        this.publisher = publisher;
        ZigbeeAdapterOptions parsed = ZigbeeAdapterOptions.from(config, dataArea(context));
        LOG.info("Activating ZigBee lock adapter {}...", parsed);
        start(parsed);
        LOG.info("Activating ZigBee lock adapter {}... done", parsed.adapterId());
    }

    @Modified
    void modified(ZigbeeAdapterConfiguration config) {
        ZigbeeAdapterOptions parsed = ZigbeeAdapterOptions.from(config, dataArea(context));
        if (parsed.sameNetworkAs(options)) {
            options = parsed;
            if (parsed.permitJoinSeconds() > 0) {
                starter.execute(() -> permitJoin(parsed.permitJoinSeconds()));
            }
            return;
        }
        LOG.info("ZigBee lock adapter {}: configuration changed, restarting the network", parsed.adapterId());
        stop("ZigBee adapter reconfigured");
        start(parsed);
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating ZigBee lock adapter {}", options.adapterId());
        stop("ZigBee adapter stopping (bundle update or configuration change)");
    }

    private static java.nio.file.Path dataArea(BundleContext context) {
        File area = context.getDataFile("");
        return area == null ? null : area.toPath();
    }

    private void start(ZigbeeAdapterOptions parsed) {
        String id = parsed.adapterId();
        workers = Executors.newCachedThreadPool(named("zigbee-" + id + "-command"));
        timer = Executors.newSingleThreadScheduledExecutor(named("zigbee-" + id + "-deadline"));
        starter = Executors.newSingleThreadExecutor(named("zigbee-" + id + "-network"));
        ZigbeeLockNetwork created;
        try {
            created = new ZigbeeLockNetwork(parsed, publisher, workers, timer);
        } catch (UncheckedIOException e) {
            shutdownExecutors();
            throw new IllegalArgumentException("dataDirectory: " + e.getMessage(), e);
        }
        options = parsed;
        network = created;
        if (parsed.dongleType() == DongleType.SIMULATED) {
            simulated = new ServiceTracker<>(context, simulatedNetworkFilter(parsed.serialPort()), null) {
                @Override
                public ZigBeeTransportTransmit addingService(ServiceReference<ZigBeeTransportTransmit> reference) {
                    ZigBeeTransportTransmit transport = super.addingService(reference);
                    if (transport != null) {
                        starter.execute(() -> startNetwork(created, transport));
                    }
                    return transport;
                }

                @Override
                public void removedService(ServiceReference<ZigBeeTransportTransmit> reference,
                        ZigBeeTransportTransmit transport) {
                    LOG.info("ZigBee adapter {}: simulated network {} is gone", id, parsed.serialPort());
                    starter.execute(created::stop);
                    super.removedService(reference, transport);
                }
            };
            simulated.open();
        } else {
            starter.execute(() -> startNetwork(created, dongle(parsed)));
        }
    }

    private void startNetwork(ZigbeeLockNetwork target, ZigBeeTransportTransmit transport) {
        ZigBeeStatus status = target.start(transport);
        if (status == ZigBeeStatus.SUCCESS && options.permitJoinSeconds() > 0) {
            target.permitJoin(options.permitJoinSeconds());
        }
    }

    private static ZigBeeTransportTransmit dongle(ZigbeeAdapterOptions options) {
        JSerialCommPort port = new JSerialCommPort(options.serialPort(), options.baudRate(), options.flowControl());
        return options.dongleType() == DongleType.TELEGESIS ? new ZigBeeDongleTelegesis(port)
                : new ZigBeeDongleEzsp(port);
    }

    private Filter simulatedNetworkFilter(String networkId) {
        try {
            return FrameworkUtil.createFilter("(&(objectClass=" + ZigBeeTransportTransmit.class.getName() + ")("
                    + SIMULATED_NETWORK + "=" + networkId.replaceAll("([\\\\()*])", "\\\\$1") + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("serialPort: '" + networkId + "' is not a usable network id", e);
        }
    }

    private void stop(String reason) {
        if (simulated != null) {
            simulated.close();
            simulated = null;
        }
        ZigbeeLockNetwork current = network;
        if (current != null) {
            current.close(reason);
        }
        shutdownExecutors();
    }

    private void shutdownExecutors() {
        if (starter != null) {
            starter.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- LockAdapter ---------------------------------------------------------------------

    @Override
    public String protocol() {
        return ZigbeeLockNetwork.PROTOCOL;
    }

    @Override
    public String adapterId() {
        return options.adapterId();
    }

    @Override
    public Collection<LockInfo> locks() {
        return network.locks();
    }

    @Override
    public CompletionStage<LockResult> execute(LockCommand command) {
        return network.execute(command);
    }

    // ---- installation, for the console ---------------------------------------------------

    /** Lets new locks join for {@code seconds}; false when the network is not up. */
    public boolean permitJoin(int seconds) {
        if (seconds < 0 || seconds > 254) {
            throw new IllegalArgumentException("seconds: must be 0-254, was " + seconds);
        }
        return network.permitJoin(seconds) == ZigBeeStatus.SUCCESS;
    }

    /** Asks a lock to leave the network. */
    public boolean remove(String lockId) {
        return network.remove(lockId);
    }

    /** @return frames from the network the stack could not read (dropped and logged), since the network started */
    public long malformedFrames() {
        return network.malformedFrames();
    }

    /** @return true while the ZigBee network is up */
    public boolean online() {
        return network.online();
    }
}
