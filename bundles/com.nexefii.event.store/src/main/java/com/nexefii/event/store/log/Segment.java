package com.nexefii.event.store.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One segment file and the in-memory index of its event records. The index is a few primitive
 * arrays (about 30 bytes per event), so a store of a million events costs tens of megabytes of
 * heap, not hundreds. The index is guarded by the log's lock.
 *
 * <p>File I/O goes through {@link RandomAccessFile}, not {@code FileChannel}: an interrupt of a
 * thread inside a {@code FileChannel} operation closes the channel for every thread, and the
 * threads that publish events are not ours to keep from being interrupted. Writes and
 * {@code fsync} use one descriptor (writes under the log's lock); reads use a second one, so a
 * reader's seek never moves the writer's file pointer.
 */
final class Segment {

    final long baseOffset;
    final Path path;
    private final RandomAccessFile writer;
    private final RandomAccessFile reader;
    /** End of the valid data: the next record is written here. */
    long size;
    boolean sealed;
    /** Set under the log's lock before the files are closed, so readers know to index again. */
    volatile boolean retired;
    /** Highest value of an ACK record in this file, -1 when none. */
    long lastAck = -1;
    /** Highest sequence number an ACK record of this file carries, -1 when none does. */
    long ackedSequence = -1;

    private long[] offsets = new long[64];
    private int[] positions = new int[64];
    private int[] lengths = new int[64];
    private long[] appendedAt = new long[64];
    private byte[] priorities = new byte[64];
    private boolean[] shed = new boolean[64];
    private int count;

    private Segment(long baseOffset, Path path, RandomAccessFile writer, long size) throws IOException {
        this.baseOffset = baseOffset;
        this.path = path;
        this.writer = writer;
        this.reader = new RandomAccessFile(path.toFile(), "r");
        this.size = size;
    }

    /** Opens an existing file. */
    static Segment open(Path path, long baseOffset) throws IOException {
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            return new Segment(baseOffset, path, file, file.length());
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** Creates a new file with its header and optionally a first record, durably. */
    static Segment create(Path directory, long baseOffset, ByteBuffer firstRecord) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentName(baseOffset));
        if (path.toFile().exists()) {
            throw new IOException("segment " + path + " exists already");
        }
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            byte[] header = RecordFormat.segmentHeader().array();
            file.write(header);
            long size = header.length;
            if (firstRecord != null) {
                file.write(firstRecord.array(), firstRecord.arrayOffset() + firstRecord.position(),
                        firstRecord.remaining());
                size += firstRecord.remaining();
            }
            file.getFD().sync();
            return new Segment(baseOffset, path, file, size);
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** Writes at a position; callers hold the log's lock. */
    void write(byte[] bytes, int off, int len, long position) throws IOException {
        writer.seek(position);
        writer.write(bytes, off, len);
    }

    /** fsync: safe to call without the log's lock, concurrently with {@link #write}. */
    void sync() throws IOException {
        writer.getFD().sync();
    }

    void truncate(long length) throws IOException {
        writer.setLength(length);
    }

    long fileLength() throws IOException {
        return writer.length();
    }

    /** Reads exactly {@code len} bytes at {@code position}. */
    void read(byte[] into, int off, int len, long position) throws IOException {
        synchronized (reader) {
            reader.seek(position);
            reader.readFully(into, off, len);
        }
    }

    void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // nothing to do: the file is being retired
        }
        try {
            reader.close();
        } catch (IOException e) {
            // idem
        }
    }

    void add(long offset, long position, int length, long appendedAtMillis, byte priority) {
        if (count == offsets.length) {
            int n = count * 2;
            offsets = Arrays.copyOf(offsets, n);
            positions = Arrays.copyOf(positions, n);
            lengths = Arrays.copyOf(lengths, n);
            appendedAt = Arrays.copyOf(appendedAt, n);
            priorities = Arrays.copyOf(priorities, n);
            shed = Arrays.copyOf(shed, n);
        }
        offsets[count] = offset;
        positions[count] = Math.toIntExact(position);
        lengths[count] = length;
        appendedAt[count] = appendedAtMillis;
        priorities[count] = priority;
        count++;
    }

    int count() {
        return count;
    }

    long offset(int i) {
        return offsets[i];
    }

    int position(int i) {
        return positions[i];
    }

    int length(int i) {
        return lengths[i];
    }

    long appendedAt(int i) {
        return appendedAt[i];
    }

    byte priority(int i) {
        return priorities[i];
    }

    boolean isShed(int i) {
        return shed[i];
    }

    void markShed(int i) {
        shed[i] = true;
    }

    /** @return the index of the first event record with an offset greater than {@code offset}; {@link #count()} if none */
    int indexAfter(long offset) {
        int i = Arrays.binarySearch(offsets, 0, count, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** @return the index of the record with exactly this offset, or -1 */
    int indexOf(long offset) {
        int i = Arrays.binarySearch(offsets, 0, count, offset);
        return i >= 0 ? i : -1;
    }

    long lastOffset() {
        return count == 0 ? baseOffset - 1 : offsets[count - 1];
    }
}
