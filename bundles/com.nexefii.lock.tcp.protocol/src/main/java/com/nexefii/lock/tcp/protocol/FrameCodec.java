package com.nexefii.lock.tcp.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32C;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Frame layout, all integers big-endian:
 *
 * <pre>
 * offset size
 *  0      2   magic 0x4E58 ("NX")
 *  2      1   version (1)
 *  3      1   type (FrameType)
 *  4      2   flags
 *  6      4   correlation id
 * 10      8   counter
 * 18      4   payload length N
 * 22      N   payload
 * 22+N   16   HMAC-SHA256(direction key, bytes 0 .. 22+N), first 16 bytes
 * 38+N    4   CRC32C(bytes 0 .. 38+N)
 * </pre>
 *
 * The CRC is checked before the MAC so that line noise and garbage are told apart from forgery;
 * the header is checked before anything is allocated, so a hostile length cannot exhaust memory.
 */
public final class FrameCodec {

    public static final int MAGIC = 0x4E58;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 22;
    public static final int MAC_LENGTH = 16;
    public static final int CRC_LENGTH = 4;
    /** Bytes a frame has besides its payload. */
    public static final int OVERHEAD = HEADER_LENGTH + MAC_LENGTH + CRC_LENGTH;
    /** Smallest maximum frame size a peer may configure: a HELLO_ACK with a few units must fit. */
    public static final int SMALLEST_MAX_FRAME_SIZE = 256;
    /** Largest maximum frame size a peer may configure. */
    public static final int LARGEST_MAX_FRAME_SIZE = 1 << 20;

    private static final String HMAC = "HmacSHA256";

    private FrameCodec() {
    }

    /** A frame as read from the wire: framing and CRC checked, MAC not yet. */
    public record ReceivedFrame(Frame frame, byte[] authenticatedBytes, byte[] mac, int wireLength) {

        /** @throws ProtocolException of kind AUTHENTICATION when the MAC was not made with this key */
        public Frame verify(byte[] macKey) throws ProtocolException {
            byte[] expected = FrameCodec.mac(macKey, authenticatedBytes, 0, authenticatedBytes.length);
            // constant time: a byte-by-byte early exit would leak how much of a forged MAC was right
            if (!java.security.MessageDigest.isEqual(expected, mac)) {
                throw new ProtocolException(ProtocolException.Kind.AUTHENTICATION,
                        "bad MAC on " + frame.type() + " frame (wrong key or tampered)");
            }
            return frame;
        }
    }

    /** @return the wire bytes of the frame, MACed with {@code macKey} */
    public static byte[] encode(Frame frame, byte[] macKey) {
        int length = OVERHEAD + frame.payload().length;
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.putShort((short) MAGIC);
        buffer.put((byte) VERSION);
        buffer.put((byte) frame.type().code());
        buffer.putShort((short) frame.flags());
        buffer.putInt(frame.correlationId());
        buffer.putLong(frame.counter());
        buffer.putInt(frame.payload().length);
        buffer.put(frame.payload());
        byte[] wire = buffer.array();
        int macOffset = HEADER_LENGTH + frame.payload().length;
        System.arraycopy(mac(macKey, wire, 0, macOffset), 0, wire, macOffset, MAC_LENGTH);
        CRC32C crc = new CRC32C();
        crc.update(wire, 0, macOffset + MAC_LENGTH);
        ByteBuffer.wrap(wire, macOffset + MAC_LENGTH, CRC_LENGTH).putInt((int) crc.getValue());
        return wire;
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or {@code null} when the stream ended cleanly on a frame boundary
     * @throws ProtocolException when the bytes are not a valid frame (the connection must be reset)
     * @throws IOException when reading fails
     */
    public static ReceivedFrame read(InputStream in, int maxFrameSize) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] header = new byte[HEADER_LENGTH];
        header[0] = (byte) first;
        readFully(in, header, 1, HEADER_LENGTH - 1);
        int payloadLength = checkHeader(header, maxFrameSize);
        byte[] wire = Arrays.copyOf(header, OVERHEAD + payloadLength);
        readFully(in, wire, HEADER_LENGTH, payloadLength + MAC_LENGTH + CRC_LENGTH);
        return parse(wire);
    }

    /** Decodes exactly one frame from {@code wire}. */
    public static ReceivedFrame decode(byte[] wire, int maxFrameSize) throws ProtocolException {
        if (wire.length < HEADER_LENGTH) {
            throw new ProtocolException(ProtocolException.Kind.TRUNCATED,
                    "frame of " + wire.length + " bytes is shorter than its header");
        }
        int payloadLength = checkHeader(wire, maxFrameSize);
        int expected = OVERHEAD + payloadLength;
        if (wire.length < expected) {
            throw new ProtocolException(ProtocolException.Kind.TRUNCATED,
                    "frame declares " + expected + " bytes, only " + wire.length + " present");
        }
        if (wire.length > expected) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED,
                    (wire.length - expected) + " bytes after the end of the frame");
        }
        return parse(wire);
    }

    private static int checkHeader(byte[] header, int maxFrameSize) throws ProtocolException {
        ByteBuffer buffer = ByteBuffer.wrap(header, 0, HEADER_LENGTH);
        int magic = Short.toUnsignedInt(buffer.getShort());
        if (magic != MAGIC) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, String.format("bad magic 0x%04x", magic));
        }
        int version = Byte.toUnsignedInt(buffer.get());
        if (version != VERSION) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "unsupported version " + version);
        }
        long payloadLength = Integer.toUnsignedLong(buffer.getInt(18));
        if (payloadLength + OVERHEAD > maxFrameSize) {
            throw new ProtocolException(ProtocolException.Kind.OVERSIZED,
                    "frame of " + (payloadLength + OVERHEAD) + " bytes exceeds the maximum of " + maxFrameSize);
        }
        return (int) payloadLength;
    }

    private static ReceivedFrame parse(byte[] wire) throws ProtocolException {
        int macOffset = wire.length - MAC_LENGTH - CRC_LENGTH;
        CRC32C crc = new CRC32C();
        crc.update(wire, 0, macOffset + MAC_LENGTH);
        int declaredCrc = ByteBuffer.wrap(wire, macOffset + MAC_LENGTH, CRC_LENGTH).getInt();
        if ((int) crc.getValue() != declaredCrc) {
            throw new ProtocolException(ProtocolException.Kind.CHECKSUM, "CRC32C mismatch");
        }
        ByteBuffer buffer = ByteBuffer.wrap(wire);
        buffer.position(3);
        FrameType type = FrameType.of(Byte.toUnsignedInt(buffer.get()));
        int flags = Short.toUnsignedInt(buffer.getShort());
        int correlationId = buffer.getInt();
        long counter = buffer.getLong();
        byte[] payload = Arrays.copyOfRange(wire, HEADER_LENGTH, macOffset);
        return new ReceivedFrame(new Frame(type, flags, correlationId, counter, payload),
                Arrays.copyOf(wire, macOffset), Arrays.copyOfRange(wire, macOffset, macOffset + MAC_LENGTH),
                wire.length);
    }

    private static void readFully(InputStream in, byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(target, offset + done, length - done);
            if (n < 0) {
                throw new ProtocolException(ProtocolException.Kind.TRUNCATED,
                        "stream ended " + (length - done) + " bytes before the end of the frame");
            }
            done += n;
        }
    }

    static byte[] mac(byte[] key, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(data, offset, length);
            return Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
