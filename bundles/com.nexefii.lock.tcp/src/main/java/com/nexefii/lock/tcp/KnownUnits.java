package com.nexefii.lock.tcp;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's units as last reported, kept in the bundle's data area so that after a restart
 * or an update the locks exist before the controller answers: a command for them then ends
 * UNREACHABLE (the truth) instead of UNKNOWN_LOCK.
 */
final class KnownUnits {

    private static final Logger LOG = LoggerFactory.getLogger(KnownUnits.class);

    private final Path file;

    /** @param file where to keep them, or {@code null} to keep nothing (no persistent storage) */
    KnownUnits(Path file) {
        this.file = file;
    }

    static KnownUnits in(Path directory, String adapterId) {
        return new KnownUnits(directory == null ? null : directory.resolve("tcp-units-" + adapterId + ".properties"));
    }

    /** @return unit number to model, empty when nothing was kept yet */
    Map<Integer, String> load() {
        Map<Integer, String> units = new TreeMap<>();
        if (file == null || !Files.exists(file)) {
            return units;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            properties.forEach((key, value) -> units.put(Integer.valueOf(key.toString()), value.toString()));
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Ignoring unreadable unit list {}: {}", file, e.toString());
            units.clear();
        }
        return units;
    }

    /** @return true when a list was stored before (this is not the controller's first connection) */
    boolean exists() {
        return file != null && Files.exists(file);
    }

    void store(Map<Integer, String> units) {
        if (file == null) {
            return;
        }
        Properties properties = new Properties();
        units.forEach((unit, model) -> properties.setProperty(unit.toString(), model));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                properties.store(writer, "lock units of one TCP lock controller, as it last reported them");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot keep the unit list in {}: {}", file, e.toString());
        }
    }
}
