package com.nexefii.policy.cache.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Replaces a file so that after a crash or power cut it holds either the old or the new content,
 * whole: write a temporary file beside it, fsync it, rename it over the target, fsync the
 * directory so the rename itself is durable.
 */
final class AtomicFile {

    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp;
        try {
            // Grants name guests: readable by the gateway's user only.
            temp = Files.createTempFile(dir, target.getFileName() + ".", TEMP_SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, target.getFileName() + ".", TEMP_SUFFIX);
        }
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** @return the file's content, empty when it does not exist */
    static Optional<byte[]> read(Path target) throws IOException {
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(target));
    }

    /** Removes temporary files a crash left behind next to {@code target}. */
    static void removeLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String prefix = target.getFileName() + ".";
        try (var files = Files.newDirectoryStream(dir, f -> {
            String name = f.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
        })) {
            for (Path leftover : files) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the rename is as durable as they allow.
        }
    }
}
