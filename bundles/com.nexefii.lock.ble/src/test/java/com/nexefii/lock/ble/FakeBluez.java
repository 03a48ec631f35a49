package com.nexefii.lock.ble;

import java.util.LinkedHashMap;
import java.util.List;
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
 * like bluetoothd does. Behind each device runs {@link SimulatedBleLock}, the lock's firmware logic,
 * so frames on the wire are the real session protocol. Locks can be slow to connect, out of range,
 * lack the service, drop the link, and BlueZ itself can leave the bus.
 */
final class FakeBluez implements AutoCloseable {

    static final String ADAPTER_PATH = "/org/bluez/hci0";

    private final String busAddress;
    private final ScheduledExecutorService radio = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-bluez-radio");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, FakeLock> locksByPath = new ConcurrentHashMap<>();
    private final FakeAdapter adapter = new FakeAdapter();
    private final FakeObjectManager root = new FakeObjectManager();
    private volatile DBusConnection connection;
    final AtomicInteger discoveriesStarted = new AtomicInteger();
    final AtomicInteger discoveriesStopped = new AtomicInteger();

    FakeBluez(String busAddress) throws DBusException {
        this.busAddress = busAddress;
        joinBus();
    }

    /** Takes the org.bluez name and exports the adapter and known devices, as bluetoothd does at start. */
    void joinBus() throws DBusException {
        DBusConnection c = DBusConnectionBuilder.forAddress(busAddress).withShared(false)
                .receivingThreadConfig().withMethodCallThreadCount(4).connectionConfig().build();
        c.exportObject("/", root);
        c.exportObject(ADAPTER_PATH, adapter);
        for (FakeLock lock : locksByPath.values()) {
            lock.export(c);
        }
        c.requestBusName(BluezGattTransport.BLUEZ);
        connection = c;
    }

    /** bluetoothd stops: its name and every object vanish from the bus. */
    void leaveBus() {
        DBusConnection c = connection;
        connection = null;
        locksByPath.values().forEach(FakeLock::reset);
        c.disconnect();
    }

    /**
     * @param known whether BlueZ already knows the device (cached from an earlier scan); otherwise it
     *        appears only once discovery runs
     */
    FakeLock addLock(SimulatedBleLock firmware, boolean known) throws DBusException {
        FakeLock lock = new FakeLock(firmware, known);
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
    final class FakeLock {
        final SimulatedBleLock firmware;
        final String path;
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger disconnects = new AtomicInteger();
        final List<Map<String, Variant<?>>> writeOptions = new CopyOnWriteArrayList<>();
        volatile boolean visible;
        volatile boolean inRange = true;
        volatile boolean offersLockService = true;
        volatile long connectDelayMs;
        volatile long responseLatencyMs = 5;
        /** The next write fails and the link is gone, but BlueZ has not signalled it yet. */
        volatile boolean failNextWrite;
        private volatile boolean connected;
        private volatile boolean notifying;
        private volatile CountDownLatch pendingConnect = new CountDownLatch(0);
        private final Device device = new Device();
        private final Service service = new Service();
        private final Characteristic command;
        private final Characteristic notify;

        FakeLock(SimulatedBleLock firmware, boolean known) {
            this.firmware = firmware;
            this.path = BluezGattTransport.devicePath(ADAPTER_PATH, firmware.address());
            this.visible = known;
            this.command = new Characteristic(path + "/service0010/char0011", BluezGattTransport.COMMAND_UUID,
                    new String[] {"write"});
            this.notify = new Characteristic(path + "/service0010/char0013", BluezGattTransport.NOTIFY_UUID,
                    new String[] {"notify"});
        }

        void export(DBusConnection c) throws DBusException {
            c.exportObject(path, device);
            c.exportObject(service.getObjectPath(), service);
            c.exportObject(command.getObjectPath(), command);
            c.exportObject(notify.getObjectPath(), notify);
        }

        boolean isConnected() {
            return connected;
        }

        /** The radio link breaks (lock out of range, interference): BlueZ reports Connected=false. */
        void dropLink() {
            if (connected) {
                connected = false;
                notifying = false;
                firmware.closeLink();
                signal(path, BluezGattTransport.DEVICE, Map.of("Connected", new Variant<>(false),
                        "ServicesResolved", new Variant<>(false)));
            }
        }

        void reset() {
            connected = false;
            notifying = false;
            firmware.closeLink();
        }

        Map<String, Map<String, Variant<?>>> interfaces() {
            Map<String, Map<String, Variant<?>>> all = new LinkedHashMap<>();
            all.put(BluezGattTransport.DEVICE, device.GetAll(BluezGattTransport.DEVICE));
            return all;
        }

        private void deliver(byte[] frame) {
            radio.schedule(() -> {
                if (notifying) {
                    signal(notify.getObjectPath(), BluezGattTransport.GATT_CHARACTERISTIC,
                            Map.of("Value", new Variant<>(frame)));
                }
            }, responseLatencyMs, TimeUnit.MILLISECONDS);
        }

        final class Device implements Device1, Properties {
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
                signal(path, BluezGattTransport.DEVICE, Map.of("Connected", new Variant<>(true)));
                signal(path, BluezGattTransport.DEVICE, Map.of("ServicesResolved", new Variant<>(true)));
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
            public <A> A Get(String iface, String name) {
                @SuppressWarnings("unchecked")
                A value = (A) GetAll(iface).get(name).getValue();
                return value;
            }

            @Override
            public <A> void Set(String iface, String name, A value) {
                throw new UnsupportedOperationException("read-only");
            }

            @Override
            public Map<String, Variant<?>> GetAll(String iface) {
                Map<String, Variant<?>> p = new LinkedHashMap<>();
                p.put("Address", new Variant<>(firmware.address()));
                p.put("Name", new Variant<>("Nexefii lock " + firmware.lockId()));
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

        final class Service implements GattService1, Properties {
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

            @Override
            public Map<String, Variant<?>> GetAll(String iface) {
                return Map.of("UUID", new Variant<>(offersLockService ? BluezGattTransport.SERVICE_UUID
                        : "0000180f-0000-1000-8000-00805f9b34fb"), "Device", new Variant<>(new DBusPath(path)),
                        "Primary", new Variant<>(true));
            }

            @Override
            public String getObjectPath() {
                return path + "/service0010";
            }
        }

        final class Characteristic implements GattCharacteristic1, Properties {
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
            public <A> A Get(String iface, String name) {
                @SuppressWarnings("unchecked")
                A value = (A) GetAll(iface).get(name).getValue();
                return value;
            }

            @Override
            public <A> void Set(String iface, String name, A value) {
                throw new UnsupportedOperationException("read-only");
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

    final class FakeAdapter implements Adapter1, Properties {
        @Override
        public void StartDiscovery() {
            discoveriesStarted.incrementAndGet();
            // advertising locks in range show up a little later, announced with InterfacesAdded
            for (FakeLock lock : locksByPath.values()) {
                if (!lock.visible && lock.inRange) {
                    radio.schedule(() -> announce(lock), 100, TimeUnit.MILLISECONDS);
                }
            }
        }

        private void announce(FakeLock lock) {
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
        public <A> A Get(String iface, String name) {
            @SuppressWarnings("unchecked")
            A value = (A) GetAll(iface).get(name).getValue();
            return value;
        }

        @Override
        public <A> void Set(String iface, String name, A value) {
            throw new UnsupportedOperationException("read-only");
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
            objects.put(new DBusPath(ADAPTER_PATH), Map.of(BluezGattTransport.ADAPTER,
                    adapter.GetAll(BluezGattTransport.ADAPTER)));
            for (FakeLock lock : locksByPath.values()) {
                if (!lock.visible) {
                    continue;
                }
                objects.put(new DBusPath(lock.path), lock.interfaces());
                objects.put(new DBusPath(lock.service.getObjectPath()), Map.of(BluezGattTransport.GATT_SERVICE,
                        lock.service.GetAll(BluezGattTransport.GATT_SERVICE)));
                for (FakeLock.Characteristic c : List.of(lock.command, lock.notify)) {
                    objects.put(new DBusPath(c.getObjectPath()), Map.of(BluezGattTransport.GATT_CHARACTERISTIC,
                            c.GetAll(BluezGattTransport.GATT_CHARACTERISTIC)));
                }
            }
            return objects;
        }

        @Override
        public String getObjectPath() {
            return "/";
        }
    }
}
