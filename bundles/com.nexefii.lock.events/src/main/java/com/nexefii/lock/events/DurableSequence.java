package com.nexefii.lock.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A sequence that never hands out a number the durable store may have kept twice, even across
 * crashes, without a disk write per number: it durably reserves a block of numbers ahead of use.
 * After a restart on its own it continues above the last reserved block, so numbers left unused in
 * that block become a gap; the publisher avoids that by {@linkplain #continueAfter continuing after
 * the store's last number}. The reservation file only ever rises, so it stays the ceiling of every
 * number handed out and a restart without the store still never reuses one the store kept.
 *
 * <p>Not thread-safe: the publisher calls it under its own lock.
 */
final class DurableSequence {

    static final String FILE_NAME = "lock-event-sequence";

    private final Path file;
    private final long blockSize;
    private long next;
    private long reservedUpTo;

    /**
     * @param directory where the reservation file lives; created if missing
     * @param blockSize how many numbers one durable write reserves
     * @throws IOException when the file cannot be read or the first block cannot be reserved
     */
    DurableSequence(Path directory, long blockSize) throws IOException {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive: " + blockSize);
        }
        this.blockSize = blockSize;
        Files.createDirectories(directory);
        this.file = directory.resolve(FILE_NAME);
        long firstFree = readReservedUpTo();
        this.next = firstFree;
        this.reservedUpTo = firstFree;
        reserve();
    }

    /** @return the next number, reserving a new block on disk first when the current one is used up */
    long next() throws IOException {
        if (next >= reservedUpTo) {
            reserve();
        }
        return next++;
    }

    /**
     * Continues right after {@code last}, which may be below numbers reserved (and even handed out)
     * before: the caller knows those were never kept. The reservation file is not lowered.
     */
    void continueAfter(long last) throws IOException {
        long first = Math.addExact(last, 1);
        if (first < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1: " + first);
        }
        next = first;
        if (next >= reservedUpTo) {
            reservedUpTo = next;
            reserve();
        }
    }

    /** Makes the next number at least {@code atLeast}; never lowers it. */
    void raiseTo(long atLeast) throws IOException {
        if (atLeast > next) {
            continueAfter(atLeast - 1);
        }
    }

    /** @return the number the next call to {@link #next()} returns */
    long peek() {
        return next;
    }

    Path file() {
        return file;
    }

    /** @return the first number not covered by any reservation so far, 1 when nothing was reserved */
    private long readReservedUpTo() throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return 1;
        }
        try {
            long value = Long.parseLong(content);
            if (value < 1) {
                throw new NumberFormatException("not positive");
            }
            return value;
        } catch (NumberFormatException e) {
            // Starting again from 1 would reuse numbers the cloud has already seen: refuse instead.
            throw new IOException("corrupt sequence file " + file + ": '" + content + "'", e);
        }
    }

    private void reserve() throws IOException {
        long upTo = Math.addExact(reservedUpTo, blockSize);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((upTo + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
        reservedUpTo = upTo;
    }

    /** Makes the rename itself durable; not every platform lets a directory be opened for this. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }
}
