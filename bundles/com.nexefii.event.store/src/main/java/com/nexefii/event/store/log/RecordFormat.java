package com.nexefii.event.store.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import com.nexefii.lock.api.Priority;

/**
 * The byte layout of a segment file.
 *
 * <pre>
 * segment  = magic "NXES" (4) | format version (4) | record*
 * record   = body length (4) | CRC32C of body (4) | body
 * body     = kind (1) | offset (8) | appended-at epoch millis (8) | priority (1) | payload
 * </pre>
 *
 * An EVENT record's payload is {@link EventCodec}'s encoding and its offset field is the event's
 * offset. An ACK record's offset field is the acknowledged position; its payload is empty or holds
 * the highest event sequence number appended before it (8 bytes): the store's memory of the
 * gateway's sequence once the events themselves are forwarded and deleted. It rides on an ACK
 * record, not a kind of its own, because a store of the first format version reads ACK records
 * with a payload (it ignores the payload) but truncates a segment at an unknown kind: a rollback of
 * the bundle must not cut events off. A record is
 * valid only when its length is plausible and its checksum matches; the first invalid record and
 * everything after it in that segment is a torn or corrupt tail.
 */
final class RecordFormat {

    static final int MAGIC = 0x4E584553;
    static final int FORMAT_VERSION = 1;
    static final int SEGMENT_HEADER = 8;
    static final int RECORD_HEADER = 8;
    static final int BODY_FIXED = 1 + 8 + 8 + 1;
    /** Events are a few hundred bytes; anything near this is corruption, not data. */
    static final int MAX_BODY = 1 << 20;

    /** Payload of an ACK record that carries the last sequence number. */
    static final int SEQUENCE_PAYLOAD = 8;

    static final byte KIND_EVENT = 1;
    static final byte KIND_ACK = 2;

    static final String SEGMENT_SUFFIX = ".seg";
    static final String COMPACTING_SUFFIX = ".compacting";

    private RecordFormat() {
    }

    /** @return a complete record with a zero offset and checksum, to be {@link #seal}ed under the append lock */
    static ByteBuffer eventRecord(byte[] payload, Priority priority, long appendedAt) {
        int body = BODY_FIXED + payload.length;
        if (body > MAX_BODY) {
            throw new IllegalArgumentException("event too large to store: " + body + " bytes");
        }
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + body);
        record.putInt(body).putInt(0).put(KIND_EVENT).putLong(0).putLong(appendedAt).put(priorityCode(priority))
                .put(payload);
        return record.flip();
    }

    static ByteBuffer ackRecord(long upToOffset, long at) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + BODY_FIXED);
        record.putInt(BODY_FIXED).putInt(0).put(KIND_ACK).putLong(upToOffset).putLong(at).put((byte) 0);
        record.flip();
        seal(record, upToOffset);
        return record;
    }

    /** An ACK record that also carries the highest event sequence appended so far (see the class comment). */
    static ByteBuffer ackRecord(long upToOffset, long at, long lastSequence) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + BODY_FIXED + SEQUENCE_PAYLOAD);
        record.putInt(BODY_FIXED + SEQUENCE_PAYLOAD).putInt(0).put(KIND_ACK).putLong(upToOffset).putLong(at)
                .put((byte) 0).putLong(lastSequence);
        record.flip();
        seal(record, upToOffset);
        return record;
    }

    /** Writes the offset and the checksum that covers it. */
    static void seal(ByteBuffer record, long offset) {
        record.putLong(RECORD_HEADER + 1, offset);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), record.arrayOffset() + RECORD_HEADER, record.limit() - RECORD_HEADER);
        record.putInt(4, (int) crc.getValue());
    }

    static boolean checksumMatches(byte[] buffer, int recordStart, int bodyLength) {
        int expected = ByteBuffer.wrap(buffer, recordStart + 4, 4).getInt();
        CRC32C crc = new CRC32C();
        crc.update(buffer, recordStart + RECORD_HEADER, bodyLength);
        return (int) crc.getValue() == expected;
    }

    static ByteBuffer segmentHeader() {
        return ByteBuffer.allocate(SEGMENT_HEADER).putInt(MAGIC).putInt(FORMAT_VERSION).flip();
    }

    static byte priorityCode(Priority priority) {
        return switch (priority) {
            case SECURITY -> 0;
            case NORMAL -> 1;
            case TELEMETRY -> 2;
        };
    }

    static Priority priority(byte code) {
        return switch (code) {
            case 0 -> Priority.SECURITY;
            case 1 -> Priority.NORMAL;
            case 2 -> Priority.TELEMETRY;
            default -> throw new IllegalArgumentException("unknown priority code " + code);
        };
    }

    static String segmentName(long baseOffset) {
        return String.format("%019d%s", baseOffset, SEGMENT_SUFFIX);
    }
}
