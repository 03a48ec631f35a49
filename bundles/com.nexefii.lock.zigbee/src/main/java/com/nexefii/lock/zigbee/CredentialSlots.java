package com.nexefii.lock.zigbee;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;

import com.nexefii.lock.api.CredentialType;

/**
 * Which user slot of one lock holds which credential.
 *
 * <p>A ZigBee lock stores PIN and RFID codes in numbered user slots; the platform names
 * credentials by their own ids (a user id, a card UID). This table, kept in a file beside the
 * network state, translates both ways: to address a code when setting or clearing it, and to name
 * the credential when the lock reports who opened the door. PIN and RFID slots are numbered
 * separately, as the lock's PIN and RFID tables are. Slot 0 is left to the lock's master user.
 */
final class CredentialSlots {

    static final int FIRST_SLOT = 1;
    static final int MAX_SLOTS = 250;

    private final Path file;
    private final Map<String, Integer> slots = new TreeMap<>();

    CredentialSlots(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        if (Files.exists(file)) {
            Properties stored = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read credential slots " + file, e);
            }
            stored.forEach((key, value) -> slots.put((String) key, Integer.valueOf((String) value)));
        }
    }

    /**
     * @return the slot holding this credential, assigning the lowest free one if it has none
     * @throws IllegalStateException when every slot is taken
     */
    synchronized int assign(CredentialType type, String credentialId) {
        String key = key(type, credentialId);
        Integer slot = slots.get(key);
        if (slot != null) {
            return slot;
        }
        for (int candidate = FIRST_SLOT; candidate <= MAX_SLOTS; candidate++) {
            if (credentialAt(type, candidate).isEmpty()) {
                slots.put(key, candidate);
                save();
                return candidate;
            }
        }
        throw new IllegalStateException("all " + MAX_SLOTS + " " + type + " slots are taken");
    }

    synchronized OptionalInt find(CredentialType type, String credentialId) {
        Integer slot = slots.get(key(type, credentialId));
        return slot == null ? OptionalInt.empty() : OptionalInt.of(slot);
    }

    synchronized void release(CredentialType type, String credentialId) {
        if (slots.remove(key(type, credentialId)) != null) {
            save();
        }
    }

    /** @return the credential id stored in this slot, if the gateway put one there */
    synchronized Optional<String> credentialAt(CredentialType type, int slot) {
        String prefix = type.name() + ":";
        return slots.entrySet().stream()
                .filter(e -> e.getValue() == slot && e.getKey().startsWith(prefix))
                .map(e -> e.getKey().substring(prefix.length()))
                .findFirst();
    }

    private static String key(CredentialType type, String credentialId) {
        return type.name() + ":" + credentialId;
    }

    private void save() {
        Properties stored = new Properties();
        slots.forEach((key, value) -> stored.setProperty(key, Integer.toString(value)));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                stored.store(out, "credential id -> lock user slot");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credential slots " + file, e);
        }
    }
}
