package com.nexefii.lock.ble.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bluez.Adapter1;
import org.bluez.Device1;
import org.bluez.GattCharacteristic1;
import org.bluez.GattService1;
import org.bluez.datatypes.TwoTuple;
import org.bluez.exceptions.BluezFailedException;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;

/**
 * BlueZ as the gateway sees it on D-Bus: the {@code org.bluez} name with an ObjectManager, an
 * Adapter1, and per lock a Device1 with the Nexefii lock service (GattService1) and its command and
 * notify characteristics (GattCharacteristic1), every property change signalled with PropertiesChanged
 * like bluetoothd does. Behind each device runs a {@link BleLockFirmware} (the adapter's simulated
 * lock, or one written from the README alone), so frames on the wire are a real session protocol.
 * Locks can be slow to connect, out of range, lack the service, drop the link, and BlueZ itself can
 * leave the bus. The names and UUIDs are BlueZ's and the BLE README's, not the adapter's constants:
 * the fake checks the adapter against the documents.
 */
public final class FakeBluez implements AutoCloseable {

    public static final String ADAPTER_PATH = "/org/bluez/hci0";

    // BlueZ's D-Bus API
    private static final String BLUEZ = "org.bluez";
    private static final String ADAPTER = "org.bluez.Adapter1";
    private static final String DEVICE = "org.bluez.Device1";
    private static final String GATT_SERVICE = "org.bluez.GattService1";
    private static final String GATT_CHARACTERISTIC = "org.bluez.GattCharacteristic1";
    // the lock's GATT profile (bundles/com.nexefii.lock.ble/README.md)
    private static final String SERVICE_UUID = "a1c0f000-5e1f-4b7a-9c3d-6e78656669a0";
    private static final String COMMAND_UUID = "a1c0f001-5e1f-4b7a-9c3d-6e78656669a0";
    private static final String NOTIFY_UUID = "a1c0f002-5e1f-4b7a-9c3d-6e78656669a0";

    private final String busAddress;
    private final ScheduledExecutorService radio = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-bluez-radio");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, FakeLock<?>> locksByPath = new ConcurrentHashMap<>();
    private final FakeAdapter adapter = new FakeAdapter();
    private final FakeObjectManager root = new FakeObjectManager();
    private volatile DBusConnection connection;
    public final AtomicInteger discoveriesStarted = new AtomicInteger();
    public final AtomicInteger discoveriesStopped = new AtomicInteger();

    public FakeBluez(String busAddress) throws DBusException {
        this.busAddress = busAddress;
        joinBus();
    }

    /** Takes the org.bluez name and exports the adapter and known devices, as bluetoothd does at start. */
    public void joinBus() throws DBusException {
        DBusConnection c = DBusConnectionBuilder.forAddress(busAddress).withShared(false)
                .receivingThreadConfig().withMethodCallThreadCount(4).connectionConfig().build();
        c.exportObject("/", root);
        c.exportObject(ADAPTER_PATH, adapter);
        for (FakeLock<?> lock : locksByPath.values()) {
            lock.export(c);
        }
        c.requestBusName(BLUEZ);
        connection = c;
    }

    /** bluetoothd stops: its name and every object vanish from the bus. */
    public void leaveBus() {
        DBusConnection c = connection;
        connection = null;
        locksByPath.values().forEach(FakeLock::reset);
        c.disconnect();
    }

    /**
     * @param known whether BlueZ already knows the device (cached from an earlier scan); otherwise it
     *        appears only once discovery runs
     */
    public <F extends BleLockFirmware> FakeLock<F> addLock(F firmware, boolean known) throws DBusException {
        FakeLock<F> lock = new FakeLock<>(firmware, known);
        locksByPath.put(lock.path, lock);
        lock.export(connection);
        return lock;
    }

    private void signal(String path, String iface, Map<String, Variant<?>> changed) {
        DBusConnection c = connection;
        if (c == null) {
            return;
        }
        try {
            c.sendMessage(new Properties.PropertiesChanged(path, iface, changed, List.of()));
        } catch (DBusException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        radio.shutdownNow();
        DBusConnection c = connection;
        if (c != null) {
            c.disconnect();
        }
    }

    /** One lock as BlueZ presents it: device, service, two characteristics. */
    public final class FakeLock<F extends BleLockFirmware> {
        public final F firmware;
        public final String path;
        public final AtomicInteger connects = new AtomicInteger();
        public final AtomicInteger disconnects = new AtomicInteger();
        public final List<Map<String, Variant<?>>> writeOptions = new CopyOnWriteArrayList<>();
        volatile boolean visible;
        public volatile boolean inRange = true;
        public volatile boolean offersLockService = true;
        public volatile long connectDelayMs;
        public volatile long responseLatencyMs = 5;
        /** The next write fails and the link is gone, but BlueZ has not signalled it yet. */
        public volatile boolean failNextWrite;
        private volatile boolean connected;
        private volatile boolean notifying;
        private volatile CountDownLatch pendingConnect = new CountDownLatch(0);
        private final Device device = new Device();
        private final Service service = new Service();
        private final Characteristic command;
        private final Characteristic notify;

        FakeLock(F firmware, boolean known) {
            this.firmware = firmware;
            this.path = ADAPTER_PATH + "/dev_" + firmware.address().toUpperCase(Locale.ROOT).replace(':', '_');
            this.visible = known;
            this.command = new Characteristic(path + "/service0010/char0011", COMMAND_UUID,
                    new String[] {"write"});
            this.notify = new Characteristic(path + "/service0010/char0013", NOTIFY_UUID,
                    new String[] {"notify"});
        }

        void export(DBusConnection c) throws DBusException {
            c.exportObject(path, device);
            c.exportObject(service.getObjectPath(), service);
            c.exportObject(command.getObjectPath(), command);
            c.exportObject(notify.getObjectPath(), notify);
        }

        public boolean isConnected() {
            return connected;
        }

        /** The radio link breaks (lock out of range, interference): BlueZ reports Connected=false. */
        public void dropLink() {
            if (connected) {
                connected = false;
                notifying = false;
                firmware.closeLink();
                signal(path, DEVICE, Map.of("Connected", new Variant<>(false),
                        "ServicesResolved", new Variant<>(false)));
            }
        }

        void reset() {
            connected = false;
            notifying = false;
            firmware.closeLink();
        }

        void addManagedObjects(Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects) {
            objects.put(new DBusPath(path), interfaces());
            objects.put(new DBusPath(service.getObjectPath()), Map.of(GATT_SERVICE, service.GetAll(GATT_SERVICE)));
            for (Characteristic c : List.of(command, notify)) {
                objects.put(new DBusPath(c.getObjectPath()), Map.of(GATT_CHARACTERISTIC, c.GetAll(GATT_CHARACTERISTIC)));
            }
        }

        Map<String, Map<String, Variant<?>>> interfaces() {
            Map<String, Map<String, Variant<?>>> all = new LinkedHashMap<>();
            all.put(DEVICE, device.GetAll(DEVICE));
            return all;
        }

        private void deliver(byte[] frame) {
            radio.schedule(() -> {
                if (notifying) {
                    signal(notify.getObjectPath(), GATT_CHARACTERISTIC,
                            Map.of("Value", new Variant<>(frame)));
                }
            }, responseLatencyMs, TimeUnit.MILLISECONDS);
        }

        final class Device extends ReadOnlyProperties implements Device1 {
            @Override
            public void Connect() throws BluezFailedException {
                connects.incrementAndGet();
                CountDownLatch cancel = new CountDownLatch(1);
                pendingConnect = cancel;
                try {
                    if (!inRange) {
                        cancel.await(Math.max(connectDelayMs, 50), TimeUnit.MILLISECONDS);
                        throw new BluezFailedException("le-connection-abort-by-local");
                    }
                    if (cancel.await(connectDelayMs, TimeUnit.MILLISECONDS)) {
                        throw new BluezFailedException("Operation cancelled");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BluezFailedException("interrupted");
                }
                connected = true;
                signal(path, DEVICE, Map.of("Connected", new Variant<>(true)));
                signal(path, DEVICE, Map.of("ServicesResolved", new Variant<>(true)));
            }

            @Override
            public void Disconnect() {
                disconnects.incrementAndGet();
                pendingConnect.countDown(); // BlueZ cancels a connection still being set up
                dropLink();
            }

            @Override
            public void ConnectProfile(String uuid) throws BluezFailedException {
                throw new BluezFailedException("not supported by the fake");
            }

            @Override
            public void DisconnectProfile(String uuid) throws BluezFailedException {
                throw new BluezFailedException("not supported by the fake");
            }

            @Override
            public void Pair() throws BluezFailedException {
                throw new BluezFailedException("locks are not paired: the session authenticates");
            }

            @Override
            public void CancelPairing() throws BluezFailedException {
                throw new BluezFailedException("not pairing");
            }

            @Override
            public Map<String, Variant<?>> GetAll(String iface) {
                Map<String, Variant<?>> p = new LinkedHashMap<>();
                p.put("Address", new Variant<>(firmware.address()));
                p.put("Name", new Variant<>(firmware.name()));
                p.put("Adapter", new Variant<>(new DBusPath(ADAPTER_PATH)));
                p.put("Connected", new Variant<>(connected));
                p.put("ServicesResolved", new Variant<>(connected));
                p.put("Paired", new Variant<>(false));
                return p;
            }

            @Override
            public String getObjectPath() {
                return path;
            }
        }

        final class Service extends ReadOnlyProperties implements GattService1 {
            @Override
            public Map<String, Variant<?>> GetAll(String iface) {
                return Map.of("UUID", new Variant<>(offersLockService ? SERVICE_UUID
                        : "0000180f-0000-1000-8000-00805f9b34fb"), "Device", new Variant<>(new DBusPath(path)),
                        "Primary", new Variant<>(true));
            }

            @Override
            public String getObjectPath() {
                return path + "/service0010";
            }
        }

        final class Characteristic extends ReadOnlyProperties implements GattCharacteristic1 {
            private final String objectPath;
            private final String uuid;
            private final String[] flags;

            Characteristic(String objectPath, String uuid, String[] flags) {
                this.objectPath = objectPath;
                this.uuid = uuid;
                this.flags = flags;
            }

            @Override
            public byte[] ReadValue(Map<String, Variant<?>> options) {
                return new byte[0];
            }

            @Override
            public void WriteValue(byte[] value, Map<String, Variant<?>> options) throws BluezFailedException {
                if (!connected || this != command) {
                    throw new BluezFailedException("Not connected");
                }
                if (failNextWrite) {
                    failNextWrite = false;
                    connected = false;
                    notifying = false;
                    firmware.closeLink();
                    throw new BluezFailedException("Not connected");
                }
                writeOptions.add(options);
                byte[] response = firmware.receive(value);
                if (response != null) {
                    deliver(response);
                }
            }

            @Override
            public TwoTuple<FileDescriptor, UInt16> AcquireWrite(Map<String, Variant<?>> options)
                    throws BluezFailedException {
                throw new BluezFailedException("not supported by the fake");
            }

            @Override
            public TwoTuple<FileDescriptor, UInt16> AcquireNotify(Map<String, Variant<?>> options)
                    throws BluezFailedException {
                throw new BluezFailedException("not supported by the fake");
            }

            @Override
            public void StartNotify() throws BluezFailedException {
                if (!connected || this != notify) {
                    throw new BluezFailedException("Not connected");
                }
                notifying = true;
                // the lock greets each subscriber with a fresh session nonce
                deliver(firmware.open(FakeLock.this::deliver));
            }

            @Override
            public void StopNotify() {
                notifying = false;
            }

            @Override
            public void Confirm() {
            }

            @Override
            public Map<String, Variant<?>> GetAll(String iface) {
                return Map.of("UUID", new Variant<>(uuid), "Service", new Variant<>(new DBusPath(service.getObjectPath())),
                        "Flags", new Variant<>(flags), "Notifying", new Variant<>(this == notify && notifying));
            }

            @Override
            public String getObjectPath() {
                return objectPath;
            }
        }
    }

    final class FakeAdapter extends ReadOnlyProperties implements Adapter1 {
        @Override
        public void StartDiscovery() {
            discoveriesStarted.incrementAndGet();
            // advertising locks in range show up a little later, announced with InterfacesAdded
            for (FakeLock<?> lock : locksByPath.values()) {
                if (!lock.visible && lock.inRange) {
                    radio.schedule(() -> announce(lock), 100, TimeUnit.MILLISECONDS);
                }
            }
        }

        private void announce(FakeLock<?> lock) {
            lock.visible = true;
            DBusConnection c = connection;
            if (c == null) {
                return;
            }
            try {
                c.sendMessage(new ObjectManager.InterfacesAdded("/", new DBusPath(lock.path), lock.interfaces()));
            } catch (DBusException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void StopDiscovery() {
            discoveriesStopped.incrementAndGet();
        }

        @Override
        public void RemoveDevice(DBusPath device) {
        }

        @Override
        public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {
        }

        @Override
        public String[] GetDiscoveryFilters() {
            return new String[] {"UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData"};
        }

        @Override
        public DBusPath ConnectDevice(Map<String, Variant<?>> properties) throws BluezFailedException {
            throw new BluezFailedException("not supported by the fake");
        }

        @Override
        public Map<String, Variant<?>> GetAll(String iface) {
            return Map.of("Address", new Variant<>("00:1A:7D:DA:71:13"), "Powered", new Variant<>(true),
                    "Discovering", new Variant<>(discoveriesStarted.get() > discoveriesStopped.get()));
        }

        @Override
        public String getObjectPath() {
            return ADAPTER_PATH;
        }
    }

    final class FakeObjectManager implements ObjectManager {
        @Override
        public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();
            objects.put(new DBusPath(ADAPTER_PATH), Map.of(ADAPTER,
                    adapter.GetAll(ADAPTER)));
            for (FakeLock<?> lock : locksByPath.values()) {
                if (!lock.visible) {
                    continue;
                }
                lock.addManagedObjects(objects);
            }
            return objects;
        }

        @Override
        public String getObjectPath() {
            return "/";
        }
    }

    /** BlueZ's objects answer Properties.Get from their GetAll; the fake's properties are read-only. */
    private abstract static class ReadOnlyProperties implements Properties {
        @Override
        public <A> A Get(String iface, String name) {
            @SuppressWarnings("unchecked")
            A value = (A) GetAll(iface).get(name).getValue();
            return value;
        }

        @Override
        public <A> void Set(String iface, String name, A value) {
            throw new UnsupportedOperationException("read-only");
        }
    }
}
