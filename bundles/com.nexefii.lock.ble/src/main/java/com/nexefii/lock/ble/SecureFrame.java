package com.nexefii.lock.ble;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One authenticated frame of the BLE lock session.
 *
 * <pre>
 * version u8 (1) | opcode u8 | counter u32 | length u16 | payload | tag (16 bytes)
 * tag = HMAC-SHA256(key, nonce | direction | version..payload), first 16 bytes
 * </pre>
 *
 * The {@link #HELLO} frame that carries the session nonce is the only unauthenticated one: forging
 * it only gives an attacker a session whose frames they still cannot sign.
 *
 * @param opcode what the frame means
 * @param counter strictly increasing per session and direction
 * @param payload opcode-specific bytes
 */
public record SecureFrame(int opcode, long counter, byte[] payload) {

    public static final int VERSION = 1;
    public static final int TAG_LENGTH = 16;
    public static final int HEADER_LENGTH = 8;
    public static final int MAX_PAYLOAD = 240;
    public static final int NONCE_LENGTH = 16;

    /** Lock to gateway, unauthenticated: payload is the session nonce. */
    public static final int HELLO = 0x30;
    /** Lock to gateway: an unsolicited event, payload {@code code u8, value u8}. */
    public static final int EVENT = 0x40;
    /** Set on responses: opcode of the request | RESPONSE. */
    public static final int RESPONSE = 0x80;

    public static final byte FROM_GATEWAY = 'G';
    public static final byte FROM_LOCK = 'L';

    public SecureFrame {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload too large: " + payload.length);
        }
        if (counter < 0 || counter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("counter out of range: " + counter);
        }
    }

    /** A frame that fails to decode: bad length, version, tag or counter. */
    public static final class InvalidFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidFrameException(String message) {
            super(message);
        }
    }

    public byte[] encode(byte[] key, byte[] nonce, byte direction) {
        ByteBuffer body = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
        body.put((byte) VERSION).put((byte) opcode).putInt((int) counter).putShort((short) payload.length).put(payload);
        byte[] bytes = body.array();
        byte[] tag = tag(key, nonce, direction, bytes);
        byte[] frame = Arrays.copyOf(bytes, bytes.length + TAG_LENGTH);
        System.arraycopy(tag, 0, frame, bytes.length, TAG_LENGTH);
        return frame;
    }

    /**
     * Decodes and authenticates a frame.
     *
     * @param lastCounter the highest counter accepted so far in this session and direction
     */
    public static SecureFrame decode(byte[] frame, byte[] key, byte[] nonce, byte direction, long lastCounter)
            throws InvalidFrameException {
        if (frame.length < HEADER_LENGTH + TAG_LENGTH) {
            throw new InvalidFrameException("frame too short: " + frame.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        int version = in.get() & 0xFF;
        int opcode = in.get() & 0xFF;
        long counter = in.getInt() & 0xFFFF_FFFFL;
        int length = in.getShort() & 0xFFFF;
        if (version != VERSION) {
            throw new InvalidFrameException("unsupported version " + version);
        }
        if (length > MAX_PAYLOAD || frame.length != HEADER_LENGTH + length + TAG_LENGTH) {
            throw new InvalidFrameException("length field " + length + " does not match frame of " + frame.length);
        }
        byte[] body = Arrays.copyOf(frame, HEADER_LENGTH + length);
        byte[] tag = Arrays.copyOfRange(frame, HEADER_LENGTH + length, frame.length);
        // constant-time comparison: a timing oracle on the tag would let an attacker forge it byte by byte
        if (!MessageDigest.isEqual(tag, tag(key, nonce, direction, body))) {
            throw new InvalidFrameException("authentication tag mismatch");
        }
        if (counter <= lastCounter) {
            throw new InvalidFrameException("replayed or stale counter " + counter + " <= " + lastCounter);
        }
        return new SecureFrame(opcode, counter, Arrays.copyOfRange(body, HEADER_LENGTH, body.length));
    }

    /** @return the nonce carried by a HELLO frame */
    public static byte[] helloNonce(byte[] frame) throws InvalidFrameException {
        if (frame.length != 2 + NONCE_LENGTH || (frame[0] & 0xFF) != VERSION || (frame[1] & 0xFF) != HELLO) {
            throw new InvalidFrameException("not a HELLO frame");
        }
        return Arrays.copyOfRange(frame, 2, frame.length);
    }

    public static byte[] hello(byte[] nonce) {
        byte[] frame = new byte[2 + NONCE_LENGTH];
        frame[0] = VERSION;
        frame[1] = (byte) HELLO;
        System.arraycopy(nonce, 0, frame, 2, NONCE_LENGTH);
        return frame;
    }

    static byte[] tag(byte[] key, byte[] nonce, byte direction, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(nonce);
            mac.update(direction);
            return Arrays.copyOf(mac.doFinal(body), TAG_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Derives a lock's key from the site master key, so locks can be provisioned from one secret. */
    public static byte[] deriveLockKey(byte[] masterKey, String lockId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(("nexefii-ble-lock-key|" + lockId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
