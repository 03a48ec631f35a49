package com.nexefii.lock.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last controller event the gateway stored, kept durably so that an event the controller sends
 * again (its EVENT_ACK was lost in a crash, a kill or a dropped connection) is acknowledged without
 * being published a second time.
 *
 * <p>An event is named by (controllerId, eventEpoch, eventSequence): the controller sends its
 * unacknowledged events in sequence order and numbers restart only with a new epoch, so "stored up
 * to sequence N of this epoch" is all there is to remember. The adapter records an event here after
 * the publisher returned (the event store has it) and before it sends the EVENT_ACK.
 *
 * <p>One fixed record, overwritten in place and forced to disk: {@code magic(4) version(1)
 * eventEpoch(8) storedUpTo(8) idLength(2) controllerId(n) crc32c(4)}. A record that does not check
 * out (torn write, other format) is ignored with a warning: the worst outcome is then one event
 * stored twice, never one lost.
 */
final class ControllerEventLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerEventLedger.class);
    private static final int MAGIC = 0x4E58454C; // "NXEL"
    private static final byte VERSION = 1;
    private static final int MAX_ID_BYTES = 1024;

    private final Path file;
    private FileChannel channel;
    private String controllerId;
    private long eventEpoch;
    private long storedUpTo = -1;

    /** @param file where to keep the record, or {@code null} to remember in memory only */
    ControllerEventLedger(Path file) {
        this.file = file;
        load();
    }

    static ControllerEventLedger in(Path directory, String adapterId) {
        return new ControllerEventLedger(
                directory == null ? null : directory.resolve("tcp-events-" + adapterId + ".ledger"));
    }

    /** @return true if this event was stored before: the controller is sending it again */
    synchronized boolean alreadyStored(String controller, long epoch, long sequence) {
        return controller.equals(controllerId) && epoch == eventEpoch && sequence <= storedUpTo;
    }

    /**
     * Records that an event is in the event store. Remembered in memory even when the disk write
     * fails (the caller logs that; only a restart before the next successful write can then bring
     * one duplicate).
     *
     * @throws IOException if the record could not be forced to disk
     */
    synchronized void stored(String controller, long epoch, long sequence) throws IOException {
        if (!controller.equals(controllerId) || epoch != eventEpoch) {
            controllerId = controller;
            eventEpoch = epoch;
            storedUpTo = sequence;
        } else {
            storedUpTo = Math.max(storedUpTo, sequence);
        }
        write();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", file, e);
            }
            channel = null;
        }
    }

    @Override
    public synchronized String toString() {
        return controllerId == null ? "nothing stored yet"
                : "controller " + controllerId + " epoch " + eventEpoch + " stored up to #" + storedUpTo;
    }

    private void write() throws IOException {
        if (file == null) {
            return;
        }
        byte[] id = controllerId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_ID_BYTES) {
            throw new IOException("controller id longer than " + MAX_ID_BYTES + " bytes");
        }
        ByteBuffer record = ByteBuffer.allocate(4 + 1 + 8 + 8 + 2 + id.length + 4);
        record.putInt(MAGIC).put(VERSION).putLong(eventEpoch).putLong(storedUpTo).putShort((short) id.length).put(id);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.position());
        record.putInt((int) crc.getValue());
        record.flip();
        if (channel == null) {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        }
        int length = record.remaining();
        long position = 0;
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
        if (channel.size() > length) {
            channel.truncate(length);
        }
        channel.force(false);
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            int bodyLength = in.remaining() - 4;
            if (bodyLength < 4 + 1 + 8 + 8 + 2 || in.getInt() != MAGIC || in.get() != VERSION) {
                throw new IOException("not a controller event ledger");
            }
            long epoch = in.getLong();
            long upTo = in.getLong();
            int idLength = Short.toUnsignedInt(in.getShort());
            if (idLength != bodyLength - (4 + 1 + 8 + 8 + 2)) {
                throw new IOException("length mismatch");
            }
            byte[] id = new byte[idLength];
            in.get(id);
            CRC32C crc = new CRC32C();
            crc.update(in.array(), 0, bodyLength);
            if (in.getInt() != (int) crc.getValue()) {
                throw new IOException("checksum mismatch");
            }
            controllerId = new String(id, StandardCharsets.UTF_8);
            eventEpoch = epoch;
            storedUpTo = upTo;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable controller event ledger {} ({}): an event the controller sends again "
                    + "may be stored twice", file, e.toString());
        }
    }
}
