package com.nexefii.event.store.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;

/**
 * The on-disk form of a {@link LockEvent}: compact, versioned, independent of Java serialisation.
 * Enum values are written by name so reordering the lock API's enums never changes stored events.
 */
final class EventCodec {

    static final byte VERSION = 1;
    private static final byte NO_LOCK = 0;
    private static final byte HAS_LOCK = 1;

    private EventCodec() {
    }

    static byte[] encode(LockEvent event) {
        byte[] eventId = utf8(event.eventId());
        byte[] propertyId = utf8(event.propertyId());
        byte[] gatewayId = utf8(event.gatewayId());
        byte[] lockId = event.lockId() == null ? null : utf8(event.lockId());
        byte[] type = utf8(event.type().name());
        // sorted: equal events always encode to equal bytes
        Map<String, String> attributes = new TreeMap<>(event.attributes());
        int size = 1 + field(eventId) + field(propertyId) + field(gatewayId) + 1 + (lockId == null ? 0 : field(lockId))
                + 8 + 8 + 4 + field(type) + 4;
        byte[][] keyValues = new byte[attributes.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            keyValues[i] = utf8(e.getKey());
            keyValues[i + 1] = utf8(e.getValue());
            size += field(keyValues[i]) + field(keyValues[i + 1]);
            i += 2;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION);
        put(out, eventId);
        put(out, propertyId);
        put(out, gatewayId);
        if (lockId == null) {
            out.put(NO_LOCK);
        } else {
            out.put(HAS_LOCK);
            put(out, lockId);
        }
        out.putLong(event.sequence());
        out.putLong(event.timestamp().getEpochSecond());
        out.putInt(event.timestamp().getNano());
        put(out, type);
        out.putInt(attributes.size());
        for (byte[] kv : keyValues) {
            put(out, kv);
        }
        return out.array();
    }

    /** @throws IllegalArgumentException when the bytes are not an event of a known version */
    static LockEvent decode(ByteBuffer in) {
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown event encoding version " + version);
            }
            String eventId = string(in);
            String propertyId = string(in);
            String gatewayId = string(in);
            String lockId = in.get() == HAS_LOCK ? string(in) : null;
            long sequence = in.getLong();
            Instant timestamp = Instant.ofEpochSecond(in.getLong(), in.getInt());
            LockEventType type = LockEventType.valueOf(string(in));
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException("bad attribute count " + count);
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                attributes.put(string(in), string(in));
            }
            return new LockEvent(eventId, propertyId, gatewayId, lockId, sequence, timestamp, type, attributes);
        } catch (BufferUnderflowException | NullPointerException e) {
            throw new IllegalArgumentException("truncated or malformed event", e);
        }
    }

    /**
     * Reads only the sequence number of an encoded event, skipping the rest: recovery wants it for
     * every record without building events.
     *
     * @throws IllegalArgumentException when the bytes are not an event of a known version
     */
    static long sequence(ByteBuffer in) {
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown event encoding version " + version);
            }
            skip(in);
            skip(in);
            skip(in);
            if (in.get() == HAS_LOCK) {
                skip(in);
            }
            return in.getLong();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated or malformed event", e);
        }
    }

    private static void skip(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad string length " + length);
        }
        in.position(in.position() + length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int field(byte[] b) {
        return 4 + b.length;
    }

    private static void put(ByteBuffer out, byte[] b) {
        out.putInt(b.length);
        out.put(b);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad string length " + length);
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
