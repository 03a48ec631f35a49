package com.nexefii.lock.ble.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nexefii.lock.ble.testing.BleLockFirmware;

/**
 * A lock's firmware written from the BLE README's protocol description alone (HELLO, frame layout,
 * tag, response payload), independently of the adapter's own code: a round trip through it (behind
 * a fake BlueZ device) shows both that the adapter's BlueZ transport works inside the framework and
 * that the documented protocol is enough to build a lock. Every command succeeds.
 */
final class ReadmeLockFirmware implements BleLockFirmware {

    private final String lockId;
    private final String address;
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();
    final List<Integer> opcodesReceived = new CopyOnWriteArrayList<>();

    private byte[] nonce;
    private long lockCounter;

    ReadmeLockFirmware(String lockId, String address, byte[] masterKey) {
        this.lockId = lockId;
        this.address = address;
        this.key = hmac(masterKey, ("nexefii-ble-lock-key|" + lockId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String name() {
        return "README lock " + lockId;
    }

    @Override
    public synchronized byte[] open(Consumer<byte[]> toGateway) {
        nonce = new byte[16];
        random.nextBytes(nonce);
        lockCounter = 0;
        byte[] frame = new byte[18];
        frame[0] = 1;
        frame[1] = 0x30;
        System.arraycopy(nonce, 0, frame, 2, 16);
        return frame;
    }

    /** Answers a request frame whose tag checks out. */
    @Override
    public synchronized byte[] receive(byte[] request) {
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

    @Override
    public synchronized void closeLink() {
        nonce = null;
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
}
