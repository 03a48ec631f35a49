package com.nexefii.gateway.runtime.provisioning;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Tells when the provisioning folder's {@code *.dp} files changed and then stayed the same for one more look:
 * a technician's copy of a large package takes a while, and a half-copied file must not reach the installer
 * (it would only be refused, but logged as a bad package). Polling rather than a {@code WatchService}: the
 * folder may be a network or removable mount, where file events are not delivered.
 */
final class FolderWatch {

    private final Path folder;
    private Map<String, String> handled;
    private Map<String, String> lastSeen;

    /** What the folder holds now counts as handled: the start's pass provisions it. */
    FolderWatch(Path folder) {
        this.folder = folder;
        this.handled = look(folder);
        this.lastSeen = handled;
    }

    /**
     * One look at the folder.
     *
     * @return true when it differs from what was last handled and is the same as at the previous look: time
     *     for a provisioning pass (which then counts as handled)
     */
    boolean changedAndSettled() {
        Map<String, String> now = look(folder);
        boolean settled = now.equals(lastSeen);
        lastSeen = now;
        if (settled && !now.equals(handled)) {
            handled = now;
            return true;
        }
        return false;
    }

    /** Name to size and modification time of every {@code *.dp}; empty when there is no folder (yet). */
    static Map<String, String> look(Path folder) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> dps = Files.newDirectoryStream(folder, "*.dp")) {
            for (Path file : dps) {
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    files.put(file.getFileName().toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
                } catch (IOException gone) {
                    // removed between listing and reading: not there
                }
            }
        } catch (IOException e) {
            files.put("", Objects.toString(e.getMessage()));
        }
        return files;
    }
}
