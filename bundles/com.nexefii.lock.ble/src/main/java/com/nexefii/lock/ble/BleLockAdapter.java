package com.nexefii.lock.ble;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;

/** A {@link LockAdapter} for BLE locks, one instance per radio (factory configuration). */
@Component(service = LockAdapter.class, configurationPid = BleLockAdapter.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        property = LockAdapter.PROTOCOL + "=" + BleLockAdapter.PROTOCOL_NAME)
@Designate(ocd = BleAdapterConfiguration.class, factory = true)
public final class BleLockAdapter implements LockAdapter {

    public static final String PID = "com.nexefii.lock.ble";
    static final String PROTOCOL_NAME = "ble";

    private static final Logger LOG = LoggerFactory.getLogger(BleLockAdapter.class);

    private final BleAdapterOptions options;
    private final LockEventPublisher events;
    private final GattTransport transport;
    private final Map<String, BleLockSession> sessions = new LinkedHashMap<>();
    private final Map<String, LockInfo> locks = new LinkedHashMap<>();
    private final Map<String, Boolean> online = new ConcurrentHashMap<>();
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ExecutorService eventThread;
    private final ScheduledExecutorService timers;
    private volatile boolean stopping;

    private record InFlight(LockCommand command, CompletableFuture<LockResult> future, AtomicBoolean done) {
        InFlight(LockCommand command, CompletableFuture<LockResult> future) {
            this(command, future, new AtomicBoolean());
        }
    }

    @Activate
    public BleLockAdapter(BleAdapterConfiguration configuration, @Reference LockEventPublisher events) {
        this(BleAdapterOptions.from(configuration), events, null);
    }

    BleLockAdapter(BleAdapterOptions options, LockEventPublisher events, GattTransport transportOrNull) {
        LOG.info("Activating BLE lock adapter {} with {} locks...", options.adapterId(), options.addressByLock().size());
        this.options = options;
        this.events = events;
        this.workers = Executors.newFixedThreadPool(options.maxConnections(), named("ble-" + options.adapterId()));
        this.eventThread = Executors.newSingleThreadExecutor(named("ble-events-" + options.adapterId()));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("ble-timers-" + options.adapterId()));
        this.transport = transportOrNull != null ? transportOrNull
                : options.transport() == BleAdapterOptions.Transport.BLUEZ
                        ? new BluezGattTransport(options.bluezBusAddress(), options.bluezAdapter(), options.adapterId())
                        : simulatedTransport(options);
        options.addressByLock().forEach((lockId, address) -> {
            byte[] key = SecureFrame.deriveLockKey(options.masterKey(), lockId);
            sessions.put(lockId, new BleLockSession(lockId, address, key, transport, options, timers, this::onLockEvent));
            locks.put(lockId, new LockInfo(lockId, PROTOCOL_NAME, options.adapterId(), "BLE smart lock", address));
        });
        LOG.info("Activating BLE lock adapter {}... done", options.adapterId());
    }

    private static GattTransport simulatedTransport(BleAdapterOptions options) {
        SimulatedGattTransport simulated = new SimulatedGattTransport(options.simulatedConnectMinMs(),
                options.simulatedConnectMaxMs(), options.simulatedLatencyMs(), options.simulatedDropRate(),
                options.adapterId().hashCode());
        options.addressByLock().forEach((lockId, address) -> simulated.add(
                new SimulatedBleLock(lockId, address, SecureFrame.deriveLockKey(options.masterKey(), lockId))));
        return simulated;
    }

    /** @return the transport, for tests and the demo to reach simulated locks */
    GattTransport transport() {
        return transport;
    }

    @Override
    public String protocol() {
        return PROTOCOL_NAME;
    }

    @Override
    public String adapterId() {
        return options.adapterId();
    }

    @Override
    public Collection<LockInfo> locks() {
        return List.copyOf(locks.values());
    }

    @Override
    public CompletionStage<LockResult> execute(LockCommand command) {
        CompletableFuture<LockResult> future = new CompletableFuture<>();
        InFlight entry = new InFlight(command, future);
        BleLockSession session = sessions.get(command.lockId());
        if (session == null) {
            finish(entry, LockResult.failed(command, Outcome.UNKNOWN_LOCK, "not a lock of BLE adapter " + adapterId()));
            return future;
        }
        if (command.expired()) {
            finish(entry, LockResult.failed(command, Outcome.EXPIRED, "deadline passed before execution"));
            return future;
        }
        inFlight.add(entry);
        try {
            workers.execute(() -> run(session, entry));
        } catch (RejectedExecutionException e) {
            finish(entry, LockResult.failed(command, Outcome.CANCELLED, "adapter stopping"));
        }
        return future;
    }

    private void run(BleLockSession session, InFlight entry) {
        LockResult result;
        try {
            result = stopping ? LockResult.failed(entry.command(), Outcome.CANCELLED, "adapter stopping")
                    : session.execute(entry.command());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = LockResult.failed(entry.command(), Outcome.CANCELLED, "adapter stopping");
        } catch (RuntimeException e) {
            LOG.error("Lock {}: command {} failed unexpectedly", entry.command().lockId(), entry.command().commandId(), e);
            result = LockResult.failed(entry.command(), Outcome.INVALID, e.getMessage());
        }
        trackReachability(entry.command().lockId(), result.outcome());
        finish(entry, result);
    }

    /**
     * Completes a command exactly once. Its result event is stored before the caller sees the result,
     * so nothing is acknowledged that the audit trail does not hold.
     */
    private void finish(InFlight entry, LockResult result) {
        inFlight.remove(entry);
        if (entry.done().compareAndSet(false, true)) {
            try {
                events.publishResult(entry.command(), result);
            } catch (RuntimeException e) {
                LOG.error("Lock {}: result event of command {} not stored", result.lockId(), result.commandId(), e);
            }
            entry.future().complete(result);
        }
    }

    private void trackReachability(String lockId, Outcome outcome) {
        if (outcome == Outcome.CANCELLED) {
            return;
        }
        boolean reachable = outcome != Outcome.UNREACHABLE;
        Boolean before = online.put(lockId, reachable);
        if (before == null ? !reachable : before != reachable) {
            events.publish(lockId, reachable ? LockEventType.LOCK_ONLINE : LockEventType.LOCK_OFFLINE, Map.of());
        }
    }

    private void onLockEvent(String lockId, SecureFrame frame) {
        int code = frame.payload()[0] & 0xFF;
        int value = frame.payload().length > 1 ? frame.payload()[1] & 0xFF : 0;
        LockEventType type = BleOpcodes.eventType(code);
        if (type == null) {
            LOG.warn("Lock {}: unknown event code 0x{}", lockId, Integer.toHexString(code));
            return;
        }
        try {
            eventThread.execute(() -> {
                if (type == LockEventType.BATTERY_LEVEL) {
                    events.publish(lockId, type, Map.of("percent", Integer.toString(value)));
                    if (value < options.batteryLowPercent()) {
                        events.publish(lockId, LockEventType.BATTERY_LOW, Map.of("percent", Integer.toString(value)));
                    }
                } else if (type == LockEventType.UNLOCKED) {
                    events.publish(lockId, type, Map.of("method", "keypad", "credentialId", "slot-" + value));
                } else {
                    events.publish(lockId, type, Map.of());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Lock {}: event {} arrived while stopping", lockId, type);
        }
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating BLE lock adapter {}...", options.adapterId());
        stopping = true;
        workers.shutdownNow();
        sessions.values().forEach(BleLockSession::close);
        for (InFlight entry : List.copyOf(inFlight)) {
            finish(entry, LockResult.failed(entry.command(), Outcome.CANCELLED, "adapter stopped"));
        }
        eventThread.shutdown();
        timers.shutdownNow();
        transport.close();
        LOG.info("Deactivating BLE lock adapter {}... done", options.adapterId());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
