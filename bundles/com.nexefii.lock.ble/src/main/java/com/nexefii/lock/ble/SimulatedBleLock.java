package com.nexefii.lock.ble;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nexefii.lock.ble.SecureFrame.InvalidFrameException;

/**
 * The lock side of the BLE session, as a real lock's firmware would run it: verifies every frame's
 * tag and counter, executes, answers, and sends events. Used by {@link SimulatedGattTransport}.
 */
public final class SimulatedBleLock {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String lockId;
    private final String address;
    private final byte[] key;
    private final Map<String, String> credentials = new HashMap<>();
    private final List<byte[]> written = new ArrayList<>();

    private volatile Consumer<byte[]> link;
    private byte[] nonce;
    private long lastGatewayCounter;
    private long lockCounter;
    private int bolt = 1;
    private int door = 1;
    private boolean lockdown;
    private int battery = 90;
    private boolean jammed;
    private volatile boolean silent;
    private volatile boolean outOfRange;
    private int rejectedFrames;

    public SimulatedBleLock(String lockId, String address, byte[] key) {
        this.lockId = lockId;
        this.address = address;
        this.key = key.clone();
    }

    public String lockId() {
        return lockId;
    }

    public String address() {
        return address;
    }

    /** A new link: the lock picks a fresh nonce and announces it. */
    synchronized byte[] open(Consumer<byte[]> toGateway) {
        link = toGateway;
        nonce = new byte[SecureFrame.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        lastGatewayCounter = 0;
        lockCounter = 0;
        return SecureFrame.hello(nonce);
    }

    synchronized void closeLink() {
        link = null;
        nonce = null;
    }

    /**
     * A write from the gateway.
     *
     * @return the response frame, or {@code null} when the frame was rejected or the lock is silent
     */
    public synchronized byte[] receive(byte[] frame) {
        written.add(frame.clone());
        if (nonce == null) {
            rejectedFrames++;
            return null;
        }
        SecureFrame request;
        try {
            request = SecureFrame.decode(frame, key, nonce, SecureFrame.FROM_GATEWAY, lastGatewayCounter);
        } catch (InvalidFrameException e) {
            rejectedFrames++;
            return null;
        }
        lastGatewayCounter = request.counter();
        if (silent) {
            return null;
        }
        int status = execute(request);
        ByteBuffer payload = ByteBuffer.allocate(9);
        payload.putInt((int) request.counter()).put((byte) status).put((byte) bolt).put((byte) door)
                .put((byte) (lockdown ? 1 : 0)).put((byte) battery);
        return new SecureFrame(request.opcode() | SecureFrame.RESPONSE, ++lockCounter, payload.array())
                .encode(key, nonce, SecureFrame.FROM_LOCK);
    }

    private int execute(SecureFrame request) {
        ByteBuffer in = ByteBuffer.wrap(request.payload());
        switch (request.opcode()) {
            case BleOpcodes.LOCK:
                if (jammed) {
                    bolt = 3;
                    return BleOpcodes.STATUS_JAMMED;
                }
                bolt = 1;
                return BleOpcodes.STATUS_OK;
            case BleOpcodes.UNLOCK:
                if (jammed) {
                    bolt = 3;
                    return BleOpcodes.STATUS_JAMMED;
                }
                if (lockdown) {
                    return BleOpcodes.STATUS_LOCKDOWN;
                }
                bolt = 2;
                return BleOpcodes.STATUS_OK;
            case BleOpcodes.LOCKDOWN_ON:
                lockdown = true;
                bolt = jammed ? 3 : 1;
                return BleOpcodes.STATUS_OK;
            case BleOpcodes.LOCKDOWN_OFF:
                lockdown = false;
                return BleOpcodes.STATUS_OK;
            case BleOpcodes.SET_CREDENTIAL: {
                in.get();
                String id = readString(in);
                String secret = readString(in);
                if (credentials.size() >= 32 && !credentials.containsKey(id)) {
                    return BleOpcodes.STATUS_MEMORY_FULL;
                }
                credentials.put(id, secret);
                return BleOpcodes.STATUS_OK;
            }
            case BleOpcodes.CLEAR_CREDENTIAL: {
                in.get();
                return credentials.remove(readString(in)) != null ? BleOpcodes.STATUS_OK : BleOpcodes.STATUS_REJECTED;
            }
            case BleOpcodes.QUERY_STATE:
                return BleOpcodes.STATUS_OK;
            default:
                return BleOpcodes.STATUS_UNSUPPORTED;
        }
    }

    private static String readString(ByteBuffer in) {
        int length = in.get() & 0xFF;
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Sends an event notification if a gateway is connected; real locks buffer them until then. */
    public void sendEvent(int code, int value) {
        Consumer<byte[]> target;
        byte[] frame;
        synchronized (this) {
            target = link;
            if (target == null) {
                return;
            }
            frame = new SecureFrame(SecureFrame.EVENT, ++lockCounter, new byte[] {(byte) code, (byte) value})
                    .encode(key, nonce, SecureFrame.FROM_LOCK);
        }
        target.accept(frame);
    }

    public synchronized void jam(boolean value) {
        jammed = value;
    }

    public void silent(boolean value) {
        silent = value;
    }

    public void outOfRange(boolean value) {
        outOfRange = value;
    }

    boolean isOutOfRange() {
        return outOfRange;
    }

    public synchronized void battery(int percent) {
        battery = percent;
    }

    public synchronized boolean hasCredential(String id) {
        return credentials.containsKey(id);
    }

    /** @return frames the lock received, for replay tests */
    public synchronized List<byte[]> written() {
        return List.copyOf(written);
    }

    public synchronized int rejectedFrames() {
        return rejectedFrames;
    }

    public synchronized int bolt() {
        return bolt;
    }
}
