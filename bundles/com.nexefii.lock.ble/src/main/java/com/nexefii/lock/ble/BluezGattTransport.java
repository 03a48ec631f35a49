package com.nexefii.lock.ble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.bluez.Adapter1;
import org.bluez.Device1;
import org.bluez.GattCharacteristic1;
import org.bluez.exceptions.BluezAlreadyConnectedException;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GATT transport for real locks: BlueZ's D-Bus API ({@code org.bluez}) through dbus-java, as
 * shipped in the bluez-dbus-osgi bundle. No pairing: the session protocol above authenticates.
 *
 * <p>Only the org.bluez interfaces are used, not bluez-dbus's {@code DeviceManager}: that is a
 * JVM-wide singleton, and each factory configuration here needs its own bus connection and adapter.
 */
final class BluezGattTransport implements GattTransport {

    /** The Nexefii lock service and its characteristics, as the lock firmware advertises them. */
    static final String SERVICE_UUID = "a1c0f000-5e1f-4b7a-9c3d-6e78656669a0";
    /** Written by the gateway (write with response): request frames. */
    static final String COMMAND_UUID = "a1c0f001-5e1f-4b7a-9c3d-6e78656669a0";
    /** Notified by the lock: HELLO, responses and events. */
    static final String NOTIFY_UUID = "a1c0f002-5e1f-4b7a-9c3d-6e78656669a0";

    static final String BLUEZ = "org.bluez";
    static final String ADAPTER = "org.bluez.Adapter1";
    static final String DEVICE = "org.bluez.Device1";
    static final String GATT_SERVICE = "org.bluez.GattService1";
    static final String GATT_CHARACTERISTIC = "org.bluez.GattCharacteristic1";

    private static final Logger LOG = LoggerFactory.getLogger(BluezGattTransport.class);

    private final String busAddress;
    private final String adapterPath;
    private final ExecutorService calls;
    private final Map<String, BluezConnection> linksByDevice = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> awaitedDevices = new ConcurrentHashMap<>();
    private final Object busLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();

    // guarded by busLock
    private DBusConnection bus;
    private int discoveryUsers;

    /**
     * @param busAddress the D-Bus address BlueZ is on; empty for the system bus
     * @param adapterName the BlueZ adapter, e.g. hci0
     * @param threadName names this transport's threads
     */
    BluezGattTransport(String busAddress, String adapterName, String threadName) {
        this.busAddress = busAddress;
        this.adapterPath = "/org/bluez/" + adapterName;
        AtomicInteger n = new AtomicInteger();
        // D-Bus method calls block; each link's setup and writes run here, never on a command worker
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ble-bluez-" + threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static String devicePath(String adapterPath, String address) {
        return adapterPath + "/dev_" + address.toUpperCase(Locale.ROOT).replace(':', '_');
    }

    @Override
    public CompletionStage<Connection> connect(String address, Duration timeout, Consumer<byte[]> notifications,
            Runnable disconnected) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        BluezConnection link = new BluezConnection(address, devicePath(adapterPath, address), notifications, disconnected);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            calls.execute(() -> {
                try {
                    link.open(deadline);
                    if (!result.complete(link)) {
                        link.abandon(); // the caller gave up meanwhile and never saw this link
                    }
                } catch (Exception e) {
                    link.abandon();
                    result.completeExceptionally(e instanceof TimeoutException ? e
                            : new IOException("no GATT link to " + address + ": " + describe(e), e));
                } finally {
                    link.setupDone.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IOException("BlueZ transport closed"));
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (result.completeExceptionally(new TimeoutException(
                    "no GATT link to " + address + " within " + timeout.toMillis() + " ms"))) {
                LOG.debug("Connection to {} not up within {}; abandoning it", address, timeout);
                link.abandon();
            }
        });
        return result;
    }

    private DBusConnection bus() throws DBusException {
        synchronized (busLock) {
            if (closed.get()) {
                throw new DBusException("BlueZ transport closed");
            }
            if (bus != null && bus.isConnected()) {
                return bus;
            }
            checkSocketExists();
            DBusConnectionBuilder builder = busAddress.isEmpty() ? DBusConnectionBuilder.forSystemBus()
                    : DBusConnectionBuilder.forAddress(busAddress);
            // one signal thread: notifications must reach the session in the order the lock sent them
            DBusConnection connection = builder.withShared(false)
                    .receivingThreadConfig().withSignalThreadCount(1).connectionConfig()
                    .withDisconnectCallback(new IDisconnectCallback() {
                        @Override
                        public void disconnectOnError(IOException e) {
                            LOG.warn("Lost the D-Bus connection to BlueZ: {}", e.getMessage());
                            dropAll("D-Bus connection lost");
                        }
                    }).build();
            connection.addSigHandler(Properties.PropertiesChanged.class, this::onPropertiesChanged);
            connection.addSigHandler(ObjectManager.InterfacesAdded.class, this::onInterfacesAdded);
            connection.addSigHandler(ObjectManager.InterfacesRemoved.class, this::onInterfacesRemoved);
            connection.addSigHandler(DBus.NameOwnerChanged.class, this::onNameOwnerChanged);
            LOG.info("Connected to BlueZ on {} ({})", busAddress.isEmpty() ? "the system bus" : busAddress, adapterPath);
            bus = connection;
            return connection;
        }
    }

    /**
     * dbus-java keeps trying a unix socket that is not there for seconds; say at once that there is
     * no bus, which on a gateway means dbus or BlueZ is not installed or not running.
     */
    private void checkSocketExists() throws DBusException {
        String address = busAddress.isEmpty()
                ? System.getenv().getOrDefault("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/var/run/dbus/system_bus_socket")
                : busAddress;
        if (!address.startsWith("unix:")) {
            return;
        }
        for (String parameter : address.substring("unix:".length()).split("[,;]")) {
            if (parameter.startsWith("path=")) {
                Path socket = Path.of(parameter.substring("path=".length()));
                if (!Files.exists(socket)) {
                    throw new DBusException("no D-Bus socket at " + socket + (busAddress.isEmpty()
                            ? " (is the system bus running and BlueZ installed?)" : ""));
                }
                return;
            }
        }
    }

    private void onPropertiesChanged(Properties.PropertiesChanged signal) {
        String path = signal.getPath();
        if (!path.startsWith(adapterPath + "/")) {
            return;
        }
        Map<String, Variant<?>> changed = signal.getPropertiesChanged();
        if (DEVICE.equals(signal.getInterfaceName())) {
            BluezConnection link = linksByDevice.get(path);
            if (link != null) {
                link.onDeviceChanged(changed);
            }
        } else if (GATT_CHARACTERISTIC.equals(signal.getInterfaceName()) && changed.containsKey("Value")) {
            String devicePath = path.substring(0, path.indexOf('/', adapterPath.length() + 1) > 0
                    ? path.indexOf('/', adapterPath.length() + 1) : path.length());
            BluezConnection link = linksByDevice.get(devicePath);
            byte[] value = bytes(changed.get("Value").getValue());
            if (link != null && path.equals(link.notifyPath) && value != null) {
                link.onNotification(value);
            }
        }
    }

    private void onInterfacesAdded(ObjectManager.InterfacesAdded signal) {
        String path = signal.getSignalSource().getPath();
        CompletableFuture<Void> awaited = awaitedDevices.get(path);
        if (awaited != null && signal.getInterfaces().containsKey(DEVICE)) {
            awaited.complete(null);
        }
    }

    private void onInterfacesRemoved(ObjectManager.InterfacesRemoved signal) {
        String path = signal.getSignalSource().getPath();
        BluezConnection link = linksByDevice.get(path);
        if (link != null && signal.getInterfaces().contains(DEVICE)) {
            link.dropped("BlueZ removed the device");
        }
    }

    private void onNameOwnerChanged(DBus.NameOwnerChanged signal) {
        if (BLUEZ.equals(signal.name) && signal.newOwner.isEmpty()) {
            LOG.warn("BlueZ left the bus (bluetoothd stopped?)");
            dropAll("BlueZ left the bus");
        }
    }

    private void dropAll(String reason) {
        linksByDevice.values().forEach(link -> link.dropped(reason));
    }

    /** Finds a lock BlueZ does not know yet: LE discovery until its device object appears. */
    private void discover(DBusConnection connection, String devicePath, long deadline) throws Exception {
        CompletableFuture<Void> appeared = awaitedDevices.computeIfAbsent(devicePath, p -> new CompletableFuture<>());
        Adapter1 adapter = connection.getRemoteObject(BLUEZ, adapterPath, Adapter1.class);
        startDiscovery(adapter);
        try {
            if (managedObjects(connection).containsKey(new DBusPath(devicePath))) {
                return; // appeared before our signal match was in place
            }
            appeared.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("lock not found by discovery on " + adapterPath);
        } finally {
            awaitedDevices.remove(devicePath, appeared);
            stopDiscovery(adapter);
        }
    }

    // BlueZ counts discovery per D-Bus client, so concurrent connects share one discovery session
    private void startDiscovery(Adapter1 adapter) throws DBusException {
        synchronized (busLock) {
            if (discoveryUsers++ == 0) {
                try {
                    adapter.SetDiscoveryFilter(Map.of("Transport", new Variant<>("le")));
                    adapter.StartDiscovery();
                } catch (DBusException | DBusExecutionException e) {
                    discoveryUsers--;
                    throw e;
                }
            }
        }
    }

    private void stopDiscovery(Adapter1 adapter) {
        synchronized (busLock) {
            if (--discoveryUsers == 0) {
                try {
                    adapter.StopDiscovery();
                } catch (DBusException | DBusExecutionException e) {
                    LOG.debug("StopDiscovery on {}: {}", adapterPath, e.getMessage());
                }
            }
        }
    }

    private static Map<DBusPath, Map<String, Map<String, Variant<?>>>> managedObjects(DBusConnection connection)
            throws DBusException {
        return connection.getRemoteObject(BLUEZ, "/", ObjectManager.class).GetManagedObjects();
    }

    private static long remainingMillis(long deadline) throws TimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new TimeoutException("connection setup deadline passed");
        }
        return remaining;
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        linksByDevice.values().forEach(BluezConnection::close);
        calls.shutdown();
        try {
            // let the Disconnect calls just queued reach BlueZ, so no lock stays connected to a stopped adapter
            calls.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.shutdownNow();
        synchronized (busLock) {
            if (bus != null) {
                bus.disconnect();
                bus = null;
            }
        }
    }

    /** One GATT link to one lock, from setup until it drops or is closed. */
    private final class BluezConnection implements Connection {
        private final String address;
        private final String devicePath;
        private final Consumer<byte[]> notifications;
        private final Runnable disconnected;
        private final CompletableFuture<Void> servicesResolved = new CompletableFuture<>();
        private final CompletableFuture<Void> setupDone = new CompletableFuture<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean established;
        private volatile String notifyPath;
        private volatile GattCharacteristic1 command;
        private volatile Device1 device;

        BluezConnection(String address, String devicePath, Consumer<byte[]> notifications, Runnable disconnected) {
            this.address = address;
            this.devicePath = devicePath;
            this.notifications = notifications;
            this.disconnected = disconnected;
        }

        void open(long deadline) throws Exception {
            DBusConnection connection = bus();
            BluezConnection previous = linksByDevice.put(devicePath, this);
            if (previous != null) {
                // an abandoned attempt's Disconnect must not cancel this one's Connect
                previous.abandon();
                previous.setupDone.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            }
            if (!managedObjects(connection).containsKey(new DBusPath(devicePath))) {
                discover(connection, devicePath, deadline);
            }
            checkWanted();
            device = connection.getRemoteObject(BLUEZ, devicePath, Device1.class);
            try {
                device.Connect();
            } catch (BluezAlreadyConnectedException e) {
                LOG.debug("{} was already connected", address);
            }
            checkWanted();
            Map<String, Variant<?>> deviceProperties = connection.getRemoteObject(BLUEZ, devicePath, Properties.class)
                    .GetAll(DEVICE);
            if (!Boolean.TRUE.equals(value(deviceProperties, "ServicesResolved"))) {
                servicesResolved.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            }
            checkWanted();
            findCharacteristics(connection);
            checkWanted();
            connection.getRemoteObject(BLUEZ, notifyPath, GattCharacteristic1.class).StartNotify();
            established = true;
            checkWanted();
            LOG.debug("GATT link to {} up", address);
        }

        private void findCharacteristics(DBusConnection connection) throws DBusException, IOException {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = managedObjects(connection);
            String servicePath = null;
            for (var object : objects.entrySet()) {
                Map<String, Variant<?>> service = object.getValue().get(GATT_SERVICE);
                if (service != null && object.getKey().getPath().startsWith(devicePath + "/")
                        && SERVICE_UUID.equalsIgnoreCase(String.valueOf(value(service, "UUID")))) {
                    servicePath = object.getKey().getPath();
                }
            }
            if (servicePath == null) {
                throw new IOException("device " + address + " offers no Nexefii lock service " + SERVICE_UUID);
            }
            String commandPath = null;
            for (var object : objects.entrySet()) {
                Map<String, Variant<?>> characteristic = object.getValue().get(GATT_CHARACTERISTIC);
                if (characteristic == null || !(value(characteristic, "Service") instanceof DBusPath owner)
                        || !owner.getPath().equals(servicePath)) {
                    continue;
                }
                String uuid = String.valueOf(value(characteristic, "UUID"));
                if (COMMAND_UUID.equalsIgnoreCase(uuid)) {
                    commandPath = object.getKey().getPath();
                } else if (NOTIFY_UUID.equalsIgnoreCase(uuid)) {
                    notifyPath = object.getKey().getPath();
                }
            }
            if (commandPath == null || notifyPath == null) {
                throw new IOException("lock service of " + address + " lacks its command or notify characteristic");
            }
            command = connection.getRemoteObject(BLUEZ, commandPath, GattCharacteristic1.class);
        }

        private void checkWanted() throws IOException {
            if (ended.get()) {
                throw new IOException("link to " + address + " ended during setup");
            }
        }

        void onDeviceChanged(Map<String, Variant<?>> changed) {
            if (Boolean.TRUE.equals(value(changed, "ServicesResolved"))) {
                servicesResolved.complete(null);
            }
            if (Boolean.FALSE.equals(value(changed, "Connected"))) {
                dropped("lock disconnected");
            }
        }

        void onNotification(byte[] value) {
            if (!ended.get()) {
                notifications.accept(value);
            }
        }

        @Override
        public CompletionStage<Void> write(byte[] value) {
            GattCharacteristic1 target = command;
            if (!isOpen() || target == null) {
                return CompletableFuture.failedFuture(new IOException("link to " + address + " is closed"));
            }
            CompletableFuture<Void> written = new CompletableFuture<>();
            try {
                calls.execute(() -> {
                    try {
                        // "request": write with response, so a lock that did not take the frame is a failed write
                        target.WriteValue(value, Map.of("type", new Variant<>("request")));
                        written.complete(null);
                    } catch (Exception e) {
                        // the link is finished before the caller hears of the failure, so its retry reconnects
                        dropped("write failed");
                        written.completeExceptionally(new IOException("write to " + address + " failed: " + describe(e)));
                    }
                });
            } catch (RejectedExecutionException e) {
                written.completeExceptionally(new IOException("BlueZ transport closed"));
            }
            return written;
        }

        @Override
        public boolean isOpen() {
            return established && !ended.get();
        }

        /** The link went away under us: tell the session once, and tidy up on BlueZ's side. */
        void dropped(String reason) {
            if (ended.compareAndSet(false, true)) {
                LOG.debug("GATT link to {} dropped: {}", address, reason);
                linksByDevice.remove(devicePath, this);
                servicesResolved.completeExceptionally(new IOException(reason));
                if (established) {
                    runQuietly(disconnected);
                }
            }
        }

        /** A setup that failed or timed out: nobody holds this link, so no disconnected callback. */
        void abandon() {
            if (ended.compareAndSet(false, true)) {
                linksByDevice.remove(devicePath, this);
                servicesResolved.completeExceptionally(new IOException("abandoned"));
                disconnectQuietly();
            }
        }

        @Override
        public void close() {
            if (ended.compareAndSet(false, true)) {
                linksByDevice.remove(devicePath, this);
                disconnectQuietly();
                if (established) {
                    runQuietly(disconnected);
                }
            }
        }

        private void disconnectQuietly() {
            Device1 target = device;
            if (target == null) {
                return;
            }
            try {
                calls.execute(() -> {
                    try {
                        target.Disconnect();
                    } catch (Exception e) {
                        LOG.debug("Disconnect {}: {}", address, describe(e));
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("Disconnect {} skipped: transport stopped", address);
            }
        }

        private void runQuietly(Runnable callback) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("Disconnect callback for {} failed", address, e);
            }
        }
    }

    /** An {@code ay} inside a variant: dbus-java may hand it over as byte[] or as a list of bytes. */
    private static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        if (value instanceof Byte[] boxed) {
            byte[] array = new byte[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                array[i] = boxed[i];
            }
            return array;
        }
        if (value instanceof java.util.List<?> list) {
            byte[] array = new byte[list.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = ((Number) list.get(i)).byteValue();
            }
            return array;
        }
        LOG.warn("Ignoring a notification that is no byte array: {}", value == null ? null : value.getClass());
        return null;
    }

    private static Object value(Map<String, Variant<?>> properties, String name) {
        Variant<?> variant = properties == null ? null : properties.get(name);
        return variant == null ? null : variant.getValue();
    }

    @Override
    public String toString() {
        return "BlueZ " + adapterPath + " on " + (busAddress.isEmpty() ? "the system bus" : busAddress)
                + " (" + linksByDevice.size() + " links)";
    }
}
