package com.nexefii.lock.ble.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * A private dbus-daemon with a minimal {@code org.bluez} on it that knows one lock. The lock's
 * firmware is written here from the BLE README's protocol description alone (HELLO, frame layout,
 * tag, response payload), independently of the adapter's own code: a round trip through it shows
 * both that the adapter's BlueZ transport works inside the framework and that the documented
 * protocol is enough to build a lock.
 */
final class FakeBluezWithOneLock implements AutoCloseable {

    // the GATT profile the README documents
    private static final String SERVICE_UUID = "a1c0f000-5e1f-4b7a-9c3d-6e78656669a0";
    private static final String COMMAND_UUID = "a1c0f001-5e1f-4b7a-9c3d-6e78656669a0";
    private static final String NOTIFY_UUID = "a1c0f002-5e1f-4b7a-9c3d-6e78656669a0";

    private final Path directory;
    private final Process daemon;
    private String address;
    private DBusConnection bluez;
    private final String devicePath;
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();
    final List<Integer> opcodesReceived = new CopyOnWriteArrayList<>();

    private volatile boolean connected;
    private volatile boolean notifying;
    private byte[] nonce;
    private long lockCounter;

    FakeBluezWithOneLock(String lockId, String lockAddress, byte[] masterKey) throws Exception {
        key = hmac(masterKey, ("nexefii-ble-lock-key|" + lockId).getBytes(StandardCharsets.UTF_8));
        devicePath = "/org/bluez/hci0/dev_" + lockAddress.replace(':', '_');
        directory = Files.createTempDirectory("nexefii-dbus-osgi");
        Path config = directory.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(directory.resolve("bus")));
        daemon = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
                .redirectErrorStream(true).start();
        // a daemon left running would outlive the test JVM
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
            address = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(10, TimeUnit.SECONDS).trim();

            bluez = DBusConnectionBuilder.forAddress(address).withShared(false).build();
            bluez.exportObject("/", new Root());
            bluez.exportObject(devicePath, new Device());
            bluez.exportObject(devicePath + "/service0010", new Service());
            bluez.exportObject(devicePath + "/service0010/char0011", new Characteristic(devicePath + "/service0010/char0011", COMMAND_UUID));
            bluez.exportObject(devicePath + "/service0010/char0013", new Characteristic(devicePath + "/service0010/char0013", NOTIFY_UUID));
            bluez.requestBusName("org.bluez");
        } catch (Exception | Error e) {
            daemon.destroyForcibly();
            throw e;
        }
    }

    String address() {
        return address;
    }

    boolean connected() {
        return connected;
    }

    @Override
    public void close() throws Exception {
        bluez.disconnect();
        daemon.destroy();
        daemon.waitFor(5, TimeUnit.SECONDS);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void notifyValue(byte[] frame) {
        if (!notifying) {
            return;
        }
        try {
            bluez.sendMessage(new Properties.PropertiesChanged(devicePath + "/service0010/char0013",
                    "org.bluez.GattCharacteristic1", Map.of("Value", new Variant<>(frame)), List.of()));
        } catch (DBusException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deviceChanged(String name, boolean value) {
        try {
            bluez.sendMessage(new Properties.PropertiesChanged(devicePath, "org.bluez.Device1",
                    Map.of(name, new Variant<>(value)), List.of()));
        } catch (DBusException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lock's firmware: answers a request frame whose tag checks out; every command succeeds. */
    private synchronized byte[] answer(byte[] request) {
        int length = request.length - 16;
        if (nonce == null || length < 8 || !MessageDigest.isEqual(Arrays.copyOfRange(request, length, request.length),
                tag('G', Arrays.copyOf(request, length)))) {
            return null;
        }
        int opcode = request[1] & 0xFF;
        opcodesReceived.add(opcode);
        ByteBuffer payload = ByteBuffer.allocate(9).put(request, 2, 4) // request counter
                .put((byte) 0).put((byte) (opcode == 0x02 ? 2 : 1)).put((byte) 1).put((byte) 0).put((byte) 80);
        ByteBuffer body = ByteBuffer.allocate(8 + 9).put((byte) 1).put((byte) (opcode | 0x80)).putInt((int) ++lockCounter)
                .putShort((short) 9).put(payload.array());
        byte[] frame = Arrays.copyOf(body.array(), body.capacity() + 16);
        System.arraycopy(tag('L', body.array()), 0, frame, body.capacity(), 16);
        return frame;
    }

    private synchronized byte[] hello() {
        nonce = new byte[16];
        random.nextBytes(nonce);
        lockCounter = 0;
        byte[] frame = new byte[18];
        frame[0] = 1;
        frame[1] = 0x30;
        System.arraycopy(nonce, 0, frame, 2, 16);
        return frame;
    }

    private byte[] tag(char direction, byte[] body) {
        byte[] input = new byte[nonce.length + 1 + body.length];
        System.arraycopy(nonce, 0, input, 0, nonce.length);
        input[nonce.length] = (byte) direction;
        System.arraycopy(body, 0, input, nonce.length + 1, body.length);
        return Arrays.copyOf(hmac(key, input), 16);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

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

    private final class Root implements ObjectManager {
        @Override
        public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();
            objects.put(new DBusPath(devicePath), Map.of("org.bluez.Device1", new Device().GetAll("org.bluez.Device1")));
            objects.put(new DBusPath(devicePath + "/service0010"),
                    Map.of("org.bluez.GattService1", new Service().GetAll("org.bluez.GattService1")));
            objects.put(new DBusPath(devicePath + "/service0010/char0011"), Map.of("org.bluez.GattCharacteristic1",
                    new Characteristic(devicePath + "/service0010/char0011", COMMAND_UUID).GetAll("")));
            objects.put(new DBusPath(devicePath + "/service0010/char0013"), Map.of("org.bluez.GattCharacteristic1",
                    new Characteristic(devicePath + "/service0010/char0013", NOTIFY_UUID).GetAll("")));
            return objects;
        }

        @Override
        public String getObjectPath() {
            return "/";
        }
    }

    private final class Device extends ReadOnlyProperties implements Device1 {
        @Override
        public void Connect() {
            connected = true;
            deviceChanged("Connected", true);
            deviceChanged("ServicesResolved", true);
        }

        @Override
        public void Disconnect() {
            connected = false;
            notifying = false;
            deviceChanged("Connected", false);
        }

        @Override
        public void ConnectProfile(String uuid) throws BluezFailedException {
            throw new BluezFailedException("not supported");
        }

        @Override
        public void DisconnectProfile(String uuid) throws BluezFailedException {
            throw new BluezFailedException("not supported");
        }

        @Override
        public void Pair() throws BluezFailedException {
            throw new BluezFailedException("not supported");
        }

        @Override
        public void CancelPairing() throws BluezFailedException {
            throw new BluezFailedException("not supported");
        }

        @Override
        public Map<String, Variant<?>> GetAll(String iface) {
            return Map.of("Connected", new Variant<>(connected), "ServicesResolved", new Variant<>(connected));
        }

        @Override
        public String getObjectPath() {
            return devicePath;
        }
    }

    private final class Service extends ReadOnlyProperties implements GattService1 {
        @Override
        public Map<String, Variant<?>> GetAll(String iface) {
            return Map.of("UUID", new Variant<>(SERVICE_UUID), "Device", new Variant<>(new DBusPath(devicePath)));
        }

        @Override
        public String getObjectPath() {
            return devicePath + "/service0010";
        }
    }

    private final class Characteristic extends ReadOnlyProperties implements GattCharacteristic1 {
        private final String path;
        private final String uuid;

        Characteristic(String path, String uuid) {
            this.path = path;
            this.uuid = uuid;
        }

        @Override
        public byte[] ReadValue(Map<String, Variant<?>> options) {
            return new byte[0];
        }

        @Override
        public void WriteValue(byte[] value, Map<String, Variant<?>> options) throws BluezFailedException {
            if (!connected) {
                throw new BluezFailedException("Not connected");
            }
            byte[] response = answer(value);
            if (response != null) {
                notifyValue(response);
            }
        }

        @Override
        public TwoTuple<FileDescriptor, UInt16> AcquireWrite(Map<String, Variant<?>> options) throws BluezFailedException {
            throw new BluezFailedException("not supported");
        }

        @Override
        public TwoTuple<FileDescriptor, UInt16> AcquireNotify(Map<String, Variant<?>> options) throws BluezFailedException {
            throw new BluezFailedException("not supported");
        }

        @Override
        public void StartNotify() {
            notifying = true;
            notifyValue(hello());
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
            return Map.of("UUID", new Variant<>(uuid), "Service", new Variant<>(new DBusPath(devicePath + "/service0010")));
        }

        @Override
        public String getObjectPath() {
            return path;
        }
    }
}
