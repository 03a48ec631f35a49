package com.nexefii.gateway.runtime.provisioning;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

import org.osgi.framework.Version;

/**
 * Which version of each package the provisioning folder last handed to the installer, kept in the
 * gateway's data area. It is what lets a technician's uninstall stick: a package is provisioned again
 * only when the folder holds a newer version than the last one provisioned.
 */
final class ProvisionedVersions {

    /** What to do with a package file of the folder. */
    enum Decision {
        /** not installed and never provisioned, or newer than both the installed and the provisioned version */
        INSTALL,
        /** this version or a newer one is installed */
        ALREADY_INSTALLED,
        /** provisioned before and uninstalled since, or it failed: wait for a newer version in the folder */
        NOT_AGAIN
    }

    private final Path file;
    private final Properties versions = new Properties();

    ProvisionedVersions(Path file) throws IOException {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                versions.load(in);
            }
        }
    }

    Optional<Version> last(String packageName) {
        String version = versions.getProperty(packageName);
        try {
            return version == null ? Optional.empty() : Optional.of(Version.parseVersion(version));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Remembers that {@code version} was handed to the installer; written at once (atomic replace). */
    void remember(String packageName, Version version) throws IOException {
        versions.setProperty(packageName, version.toString());
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            versions.store(out, "deployment packages provisioned from the provisioning folder: name=version");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Decision decide(Version inFolder, Optional<Version> installed, Optional<Version> lastProvisioned) {
        if (installed.isPresent() && installed.get().compareTo(inFolder) >= 0) {
            return Decision.ALREADY_INSTALLED;
        }
        if (lastProvisioned.isPresent() && lastProvisioned.get().compareTo(inFolder) >= 0) {
            return Decision.NOT_AGAIN;
        }
        return Decision.INSTALL;
    }
}
