package com.nexefii.lock.zigbee;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.zsmartsystems.zigbee.CommandResult;
import com.zsmartsystems.zigbee.ExtendedPanId;
import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.ZigBeeAnnounceListener;
import com.zsmartsystems.zigbee.ZigBeeChannel;
import com.zsmartsystems.zigbee.ZigBeeCommand;
import com.zsmartsystems.zigbee.ZigBeeCommandListener;
import com.zsmartsystems.zigbee.ZigBeeEndpoint;
import com.zsmartsystems.zigbee.ZigBeeNetworkManager;
import com.zsmartsystems.zigbee.ZigBeeNetworkNodeListener;
import com.zsmartsystems.zigbee.ZigBeeNetworkState;
import com.zsmartsystems.zigbee.ZigBeeNode;
import com.zsmartsystems.zigbee.ZigBeeNodeStatus;
import com.zsmartsystems.zigbee.ZigBeeStatus;
import com.zsmartsystems.zigbee.app.discovery.ZigBeeDiscoveryExtension;
import com.zsmartsystems.zigbee.database.ZigBeeNodeDao;
import com.zsmartsystems.zigbee.security.ZigBeeKey;
import com.zsmartsystems.zigbee.serialization.DefaultDeserializer;
import com.zsmartsystems.zigbee.serialization.DefaultSerializer;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportTransmit;
import com.zsmartsystems.zigbee.zcl.ZclCluster;
import com.zsmartsystems.zigbee.zcl.ZclCommand;
import com.zsmartsystems.zigbee.zcl.clusters.general.ReadAttributesResponse;
import com.zsmartsystems.zigbee.zcl.field.ReadAttributeStatusRecord;

/**
 * The door locks of one ZigBee network and the stack that reaches them. Independent of OSGi:
 * the component hands it a transport (a dongle driver or the simulated network) and a publisher.
 *
 * <p>It knows its locks before the network is up (from the node files of the data directory),
 * so commands and {@link #locks()} work across restarts; a lock that joins appears with
 * {@link LockEventType#LOCK_ADDED}, one that leaves or is removed disappears with
 * {@link LockEventType#LOCK_REMOVED}.
 */
final class ZigbeeLockNetwork implements ZigBeeNetworkNodeListener, ZigBeeAnnounceListener, ZigBeeCommandListener {

    static final String PROTOCOL = "zigbee";
    private static final Logger LOG = LoggerFactory.getLogger(ZigbeeLockNetwork.class);
    private static final int REMEMBERED_COMMAND_IDS = 4096;
    private static final int LOCAL_ENDPOINT = 1;

    private final ZigbeeAdapterOptions options;
    private final LockEventPublisher publisher;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final FileNetworkDataStore dataStore;
    private final Map<String, DoorLockChannel> locks = new ConcurrentHashMap<>();
    private final Map<String, Boolean> executedCommands = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_COMMAND_IDS;
                }
            });

    private volatile ZigBeeNetworkManager manager;
    private volatile GuardedTransport transport;
    private volatile boolean closed;

    ZigbeeLockNetwork(ZigbeeAdapterOptions options, LockEventPublisher publisher, ExecutorService workers,
            ScheduledExecutorService timer) {
        this.options = Objects.requireNonNull(options, "options");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.dataStore = new FileNetworkDataStore(options.dataDirectory());
        for (IeeeAddress address : dataStore.readNetworkNodes()) {
            ZigBeeNodeDao node = dataStore.readNode(address);
            if (node != null && isDoorLock(node)) {
                channel(address, false);
            }
        }
        LOG.info("ZigBee adapter {}: {} locks known from {}", options.adapterId(), locks.size(), options.dataDirectory());
    }

    static String lockId(IeeeAddress address) {
        return "zigbee-" + address.toString().toLowerCase();
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /**
     * Starts the stack on this transport: forms the network on first use (or when channel, PAN or
     * key changed), otherwise resumes it with the nodes of the data directory.
     *
     * @return the stack's status; anything but SUCCESS leaves the network offline
     */
    synchronized ZigBeeStatus start(ZigBeeTransportTransmit dongle) {
        if (closed) {
            return ZigBeeStatus.INVALID_STATE;
        }
        stop();
        GuardedTransport guarded = new GuardedTransport(dongle);
        this.transport = guarded;
        ZigBeeNetworkManager candidate = new ZigBeeNetworkManager(guarded);
        // set before start-up: the stack reports restored and discovered nodes while starting
        manager = candidate;
        candidate.setNetworkDataStore(dataStore);
        candidate.setSerializer(DefaultSerializer.class, DefaultDeserializer.class);
        candidate.addNetworkNodeListener(this);
        candidate.addAnnounceListener(this);
        candidate.addCommandListener(this);
        ZigBeeStatus status = candidate.initialize();
        if (status != ZigBeeStatus.SUCCESS) {
            LOG.error("ZigBee adapter {}: dongle did not initialise: {}", options.adapterId(), status);
            manager = null;
            candidate.shutdown();
            return status;
        }
        for (int cluster : new int[] { 0x0000, DoorLockEvents.POWER_CONFIGURATION_CLUSTER, 0x0003,
                DoorLockEvents.ALARMS_CLUSTER, DoorLockEvents.DOOR_LOCK_CLUSTER }) {
            candidate.addSupportedClientCluster(cluster);
        }
        candidate.addSupportedServerCluster(0x0000);
        candidate.addExtension(new ZigBeeDiscoveryExtension());
        String fingerprint = networkFingerprint();
        boolean form = !fingerprint.equals(storedFingerprint());
        if (form && !locks.isEmpty()) {
            LOG.warn("ZigBee adapter {}: channel, PAN or key changed: the network is formed anew and its {} locks "
                    + "must join again", options.adapterId(), locks.size());
            List.copyOf(locks.values()).forEach(lock -> forget(lock.ieeeAddress(), "dropped: network formed anew"));
        }
        if (form) {
            LOG.info("ZigBee adapter {}: forming network on channel {} PAN {}", options.adapterId(), options.channel(),
                    String.format("%04X", options.panId()));
            candidate.setZigBeeChannel(ZigBeeChannel.create(options.channel()));
            candidate.setZigBeePanId(options.panId());
            candidate.setZigBeeExtendedPanId(new ExtendedPanId(options.extendedPanId()));
            candidate.setZigBeeNetworkKey(new ZigBeeKey(networkKey()));
        }
        status = candidate.startup(form);
        if (status != ZigBeeStatus.SUCCESS) {
            LOG.error("ZigBee adapter {}: network did not start: {}", options.adapterId(), status);
            manager = null;
            candidate.shutdown();
            return status;
        }
        if (form) {
            storeFingerprint(fingerprint);
        }
        LOG.info("ZigBee adapter {}: network online, {} locks", options.adapterId(), locks.size());
        return ZigBeeStatus.SUCCESS;
    }

    /** Stops the stack; the locks stay known and their queued commands wait for the network. */
    synchronized void stop() {
        ZigBeeNetworkManager current = manager;
        manager = null;
        if (current != null) {
            current.removeNetworkNodeListener(this);
            current.removeAnnounceListener(this);
            current.removeCommandListener(this);
            current.shutdown();
        }
    }

    /** Cancels every queued command and stops the stack. */
    void close(String reason) {
        closed = true;
        locks.values().forEach(lock -> lock.close(reason));
        stop();
    }

    boolean online() {
        ZigBeeNetworkManager current = manager;
        return current != null && current.getNetworkState() == ZigBeeNetworkState.ONLINE;
    }

    // ---- the adapter's API -------------------------------------------------------------------

    Collection<LockInfo> locks() {
        return locks.values().stream().map(DoorLockChannel::info).sorted(Comparator.comparing(LockInfo::lockId))
                .toList();
    }

    CompletionStage<LockResult> execute(LockCommand command) {
        CompletableFuture<LockResult> result;
        DoorLockChannel lock = locks.get(command.lockId());
        if (closed) {
            result = CompletableFuture.completedFuture(
                    LockResult.failed(command, Outcome.CANCELLED, "ZigBee adapter stopping"));
        } else if (lock == null) {
            result = CompletableFuture.completedFuture(LockResult.failed(command, Outcome.UNKNOWN_LOCK,
                    "no lock " + command.lockId() + " on ZigBee adapter " + options.adapterId()));
        } else if (executedCommands.putIfAbsent(command.commandId(), Boolean.TRUE) != null) {
            result = CompletableFuture.completedFuture(LockResult.failed(command, Outcome.DUPLICATE,
                    "command " + command.commandId() + " was already received"));
        } else if (command.expired()) {
            result = CompletableFuture.completedFuture(
                    LockResult.failed(command, Outcome.EXPIRED, "deadline had passed on arrival"));
        } else {
            result = lock.execute(command);
        }
        return result.thenApply(r -> {
            try {
                publisher.publishResult(command, r);
            } catch (RuntimeException e) {
                LOG.error("Result of command {} for {} not published", command.commandId(), command.lockId(), e);
            }
            return r;
        });
    }

    /** Lets new locks join for {@code seconds} (0 closes joining). */
    ZigBeeStatus permitJoin(int seconds) {
        ZigBeeNetworkManager current = manager;
        if (current == null) {
            return ZigBeeStatus.INVALID_STATE;
        }
        LOG.info("ZigBee adapter {}: permit join for {} s", options.adapterId(), seconds);
        return current.permitJoin(seconds);
    }

    /** Asks a lock to leave the network; it disappears once it confirms (or at once if it is gone). */
    boolean remove(String lockId) {
        ZigBeeNetworkManager current = manager;
        DoorLockChannel lock = locks.get(lockId);
        if (current == null || lock == null) {
            return false;
        }
        ZigBeeNode node = current.getNode(lock.ieeeAddress());
        if (node == null) {
            forget(lock.ieeeAddress(), "removed");
            return true;
        }
        current.leave(node.getNetworkAddress(), node.getIeeeAddress(), true);
        return true;
    }

    ZigBeeNetworkManager manager() {
        return manager;
    }

    /** @return frames the stack could not read since the network started (logged, dropped) */
    long malformedFrames() {
        GuardedTransport current = transport;
        return current == null ? 0 : current.malformedFrames();
    }

    /** @return true once the lock's installation exchanges (binding, reporting, model) are over */
    boolean onboarded(String lockId) {
        DoorLockChannel lock = locks.get(lockId);
        return lock != null && lock.isOnboarded();
    }

    // ---- the stack's notifications --------------------------------------------------------

    @Override
    public void nodeAdded(ZigBeeNode node) {
        nodeSeen(node);
    }

    @Override
    public void nodeUpdated(ZigBeeNode node) {
        nodeSeen(node);
    }

    @Override
    public void nodeRemoved(ZigBeeNode node) {
        forget(node.getIeeeAddress(), "left the network");
    }

    @Override
    public void deviceStatusUpdate(ZigBeeNodeStatus status, Integer networkAddress, IeeeAddress ieeeAddress) {
        if (status != ZigBeeNodeStatus.DEVICE_LEFT) {
            return;
        }
        ZigBeeNetworkManager current = manager;
        if (current == null) {
            return;
        }
        ZigBeeNode node = ieeeAddress != null ? current.getNode(ieeeAddress) : current.getNode(networkAddress);
        if (node != null) {
            // the stack only marks a departed node offline; a lock that left must go
            current.removeNode(node);
        }
    }

    @Override
    public void commandReceived(ZigBeeCommand command) {
        ZigBeeNetworkManager current = manager;
        if (current == null || !(command instanceof ZclCommand zcl) || command.getSourceAddress() == null) {
            return;
        }
        ZigBeeNode node = current.getNode(command.getSourceAddress().getAddress());
        if (node == null) {
            return;
        }
        DoorLockChannel lock = locks.get(lockId(node.getIeeeAddress()));
        if (lock != null) {
            lock.fromLock(zcl, current);
        }
    }

    private void nodeSeen(ZigBeeNode node) {
        ZigBeeNetworkManager current = manager;
        if (node.getIeeeAddress() == null || current == null
                || node.getIeeeAddress().equals(current.getLocalIeeeAddress())) {
            return;
        }
        ZigBeeEndpoint endpoint = DoorLockChannel.doorLockEndpoint(node);
        if (endpoint == null || current.getNode(node.getIeeeAddress()) != node) {
            // not a lock, or a late notification about a node that has left meanwhile
            return;
        }
        boolean isNew;
        DoorLockChannel lock;
        synchronized (locks) {
            isNew = !locks.containsKey(lockId(node.getIeeeAddress()));
            lock = channel(node.getIeeeAddress(), isNew);
        }
        lock.attach(node);
        if (isNew) {
            LOG.info("ZigBee adapter {}: lock {} joined", options.adapterId(), lock.lockId());
            publisher.publish(lock.lockId(), LockEventType.LOCK_ADDED,
                    Map.of("address", node.getIeeeAddress().toString(), "adapterId", options.adapterId()));
            workers.execute(() -> onboard(lock, node, endpoint));
        }
    }

    private DoorLockChannel channel(IeeeAddress address, boolean isNew) {
        String id = lockId(address);
        return locks.computeIfAbsent(id, key -> {
            Path lockDirectory = options.dataDirectory().resolve("locks").resolve(key);
            return new DoorLockChannel(key, address, PROTOCOL, options.adapterId(), storedModel(lockDirectory),
                    publisher, () -> manager, new CredentialSlots(lockDirectory.resolve("credentials.properties")),
                    options, workers, timer);
        });
    }

    private void forget(IeeeAddress address, String why) {
        DoorLockChannel lock = locks.remove(lockId(address));
        if (lock == null) {
            return;
        }
        LOG.info("ZigBee adapter {}: lock {} {}", options.adapterId(), lock.lockId(), why);
        lock.close("lock " + why);
        dataStore.removeNode(address);
        deleteRecursively(options.dataDirectory().resolve("locks").resolve(lock.lockId()));
        publisher.publish(lock.lockId(), LockEventType.LOCK_REMOVED,
                Map.of("address", address.toString(), "reason", why));
    }

    /**
     * Best effort, for real locks: bind the reporting clusters to the coordinator so notifications
     * and reports reach us, ask for door and battery reports, and learn the model for the inventory.
     */
    private void onboard(DoorLockChannel lock, ZigBeeNode node, ZigBeeEndpoint endpoint) {
        ZigBeeNetworkManager current = manager;
        if (current == null) {
            return;
        }
        long waitMillis = options.answerTimeout().toMillis();
        try {
            for (int clusterId : new int[] { DoorLockEvents.DOOR_LOCK_CLUSTER, DoorLockEvents.ALARMS_CLUSTER,
                    DoorLockEvents.POWER_CONFIGURATION_CLUSTER }) {
                ZclCluster cluster = endpoint.getInputCluster(clusterId);
                if (cluster != null) {
                    await(cluster.bind(current.getLocalIeeeAddress(), LOCAL_ENDPOINT), waitMillis);
                }
            }
            ZclCluster doorLock = endpoint.getInputCluster(DoorLockEvents.DOOR_LOCK_CLUSTER);
            await(doorLock.setReporting(DoorLockEvents.ATTR_DOOR_STATE, 0, 3600), waitMillis);
            ZclCluster power = endpoint.getInputCluster(DoorLockEvents.POWER_CONFIGURATION_CLUSTER);
            if (power != null) {
                await(power.setReporting(DoorLockEvents.ATTR_BATTERY_PERCENTAGE, 600, 21600, 2), waitMillis);
            }
            ZclCluster basic = endpoint.getInputCluster(0x0000);
            if (basic != null) {
                CommandResult result = await(basic.readAttributes(List.of(0x0004, 0x0005)), waitMillis);
                if (result != null && result.getResponse() instanceof ReadAttributesResponse response) {
                    List<String> names = new ArrayList<>();
                    for (ReadAttributeStatusRecord record : response.getRecords()) {
                        if (record.getAttributeValue() instanceof String value && !value.isBlank()) {
                            names.add(value.trim());
                        }
                    }
                    if (!names.isEmpty()) {
                        String model = String.join(" ", names);
                        lock.model(model);
                        storeModel(options.dataDirectory().resolve("locks").resolve(lock.lockId()), model);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("ZigBee adapter {}: onboarding of {} incomplete", options.adapterId(), lock.lockId(), e);
        } finally {
            lock.onboarded();
        }
    }

    private static CommandResult await(Future<CommandResult> future, long millis) throws InterruptedException {
        if (future == null) {
            // the stack returns none when the network is shutting down or the attribute is unknown
            return null;
        }
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            return null;
        }
    }

    private static boolean isDoorLock(ZigBeeNodeDao node) {
        return node.getEndpoints() != null && node.getEndpoints().stream()
                .anyMatch(e -> FileNetworkDataStore.clusterIds(e.getInputClusters(), e.getInputClusterIds())
                        .contains(DoorLockEvents.DOOR_LOCK_CLUSTER));
    }

    // ---- network identity on disk ----------------------------------------------------------

    /** A digest of what forming a network sets: a change means the network must be formed anew. */
    private String networkFingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((options.channel() + "|" + options.panId() + "|" + options.extendedPanId() + "|"
                    + networkKey()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String storedFingerprint() {
        Path file = options.dataDirectory().resolve("network.fingerprint");
        try {
            return Files.exists(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void storeFingerprint(String fingerprint) {
        writeAtomically(options.dataDirectory().resolve("network.fingerprint"), fingerprint);
    }

    /** The configured key, or one generated once and kept (owner-readable only) in the data directory. */
    private String networkKey() {
        if (!options.networkKey().isEmpty()) {
            return options.networkKey().toUpperCase();
        }
        Path file = options.dataDirectory().resolve("network.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            String hex = HexFormat.of().withUpperCase().formatHex(key);
            writeAtomically(file, hex);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the data directory's own permissions protect it
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the generated network key in " + file, e);
        }
    }

    private static String storedModel(Path lockDirectory) {
        Path file = lockDirectory.resolve("lock.properties");
        if (!Files.exists(file)) {
            return "ZigBee door lock";
        }
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stored.load(in);
        } catch (IOException e) {
            return "ZigBee door lock";
        }
        return stored.getProperty("model", "ZigBee door lock");
    }

    private static void storeModel(Path lockDirectory, String model) {
        Properties stored = new Properties();
        stored.setProperty("model", model);
        try {
            Files.createDirectories(lockDirectory);
            Path file = lockDirectory.resolve("lock.properties");
            Path temp = lockDirectory.resolve("lock.properties.tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                stored.store(out, "ZigBee lock");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot store the model of {}", lockDirectory, e);
        }
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Cannot delete {}", path, e);
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot delete {}", directory, e);
        }
    }
}
