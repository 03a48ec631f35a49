package com.nexefii.gateway.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A newer release of a built deployment package, as a release build would make it: a higher
 * package version, and every bundle re-versioned (Deployment Admin updates a bundle only when its
 * version changes). Unsigned: the caller signs it. Test fixture only.
 */
final class PackageRevision {

    private PackageRevision() {
    }

    static Path of(Path built, String packageVersion, String bundleVersion, Path unsigned) throws IOException {
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        Manifest manifest = new Manifest();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(built), false)) {
            Manifest original = in.getManifest();
            manifest.getMainAttributes().putAll(original.getMainAttributes());
            manifest.getMainAttributes().putValue("DeploymentPackage-Version", packageVersion);
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                Attributes section = original.getEntries().get(entry.getName());
                if (section == null || section.getValue("Bundle-SymbolicName") == null) {
                    continue; // signature files of the build's key, and anything else not a bundle
                }
                Attributes copy = new Attributes(section);
                copy.remove(new Attributes.Name("SHA-256-Digest"));
                copy.putValue("Bundle-Version", bundleVersion);
                manifest.getEntries().put(entry.getName(), copy);
                bundles.put(entry.getName(), reversioned(in.readAllBytes(), bundleVersion));
            }
        }
        try (OutputStream out = Files.newOutputStream(unsigned); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> bundle : bundles.entrySet()) {
                jar.putNextEntry(new JarEntry(bundle.getKey()));
                jar.write(bundle.getValue());
                jar.closeEntry();
            }
        }
        return unsigned;
    }

    private static byte[] reversioned(byte[] bundle, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle), false)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
