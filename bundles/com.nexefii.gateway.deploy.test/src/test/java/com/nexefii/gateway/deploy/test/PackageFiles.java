package com.nexefii.gateway.deploy.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Deployment package variants for the tests, made from the package the build signed: a new version,
 * a bundle that cannot resolve, a component that cannot activate, one flipped byte.
 */
final class PackageFiles {

    static final String SIMULATOR_BSN = "com.nexefii.lock.simulator";
    static final String SIMULATOR_PACKAGE = "com.nexefii.dp.lock.simulator";

    private PackageFiles() {
    }

    /** The simulated-locks package as the build made and signed it. */
    static Path builtSimulatorPackage() {
        return Path.of(System.getProperty("nexefii.test.dps"), SIMULATOR_PACKAGE + ".dp");
    }

    static Path work(String name) throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("nexefii.test.work"))).resolve(name);
    }

    /** A package: its manifest and its entries (bundles), signature files left out. */
    record Package(Manifest manifest, Map<String, byte[]> entries) {

        static Package read(Path file) throws IOException {
            try (JarInputStream in = new JarInputStream(Files.newInputStream(file), false)) {
                Manifest manifest = new Manifest(in.getManifest());
                Map<String, byte[]> entries = new LinkedHashMap<>();
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    String name = entry.getName();
                    if (!name.startsWith("META-INF/")) {
                        entries.put(name, in.readAllBytes());
                    }
                }
                // jarsigner's digests would no longer match what we change
                for (Attributes section : manifest.getEntries().values()) {
                    section.keySet().removeIf(k -> k.toString().endsWith("-Digest"));
                }
                return new Package(manifest, entries);
            }
        }

        Package withVersion(String version) {
            Manifest copy = new Manifest(manifest);
            copy.getMainAttributes().putValue("DeploymentPackage-Version", version);
            return new Package(copy, entries);
        }

        /**
         * Rebuilds one bundle with another Bundle-Version (Deployment Admin updates only bundles whose
         * version changed) and whatever else the change does to its manifest and entries.
         */
        Package withBundle(String bsn, String bundleVersion, UnaryOperator<Manifest> manifestChange,
                Map<String, UnaryOperator<String>> textEntryChanges) throws IOException {
            String oldName = entries.keySet().stream().filter(n -> n.startsWith(bsn + "_")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no bundle " + bsn + " in the package"));
            byte[] rebuilt = rebuildBundle(entries.get(oldName), bundleVersion, manifestChange, textEntryChanges);
            String newName = bsn + "_" + bundleVersion + ".jar";
            Map<String, byte[]> newEntries = new LinkedHashMap<>();
            entries.forEach((name, content) -> newEntries.put(name.equals(oldName) ? newName : name,
                    name.equals(oldName) ? rebuilt : content));
            Manifest copy = new Manifest(manifest);
            Attributes section = copy.getEntries().remove(oldName);
            Attributes newSection = new Attributes(section);
            newSection.putValue("Bundle-Version", bundleVersion);
            copy.getEntries().put(newName, newSection);
            return new Package(copy, newEntries);
        }

        Path write(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    jar.putNextEntry(new JarEntry(entry.getKey()));
                    jar.write(entry.getValue());
                    jar.closeEntry();
                }
            }
            return file;
        }
    }

    static byte[] rebuildBundle(byte[] bundle, String version, UnaryOperator<Manifest> manifestChange,
            Map<String, UnaryOperator<String>> textEntryChanges) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle), false)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            manifest = manifestChange.apply(manifest);
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    byte[] content = in.readAllBytes();
                    UnaryOperator<String> change = textEntryChanges.get(entry.getName());
                    if (change != null) {
                        content = change.apply(new String(content, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8);
                    }
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    jar.write(content);
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    /** One bundle's JAR as the package carries it. */
    static byte[] bundleIn(Path dp, String bsn) throws IOException {
        return Package.read(dp).entries().entrySet().stream().filter(e -> e.getKey().startsWith(bsn + "_"))
                .findFirst().orElseThrow().getValue();
    }

    /** The package without its signature files: exactly what an unsigned build would produce. */
    static Path unsigned(Path signed, Path target) throws IOException {
        return Package.read(signed).write(target);
    }

    /**
     * Copies a signed package entry by entry, signature files included, with one byte of one entry
     * changed: what a corrupted download or a tampered bundle looks like.
     */
    static Path flipOneByte(Path signed, String entryPrefix, Path target) throws IOException {
        boolean flipped = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(signed));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (!flipped && entry.getName().startsWith(entryPrefix)) {
                    content[content.length / 2] ^= 0x01;
                    flipped = true;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        if (!flipped) {
            throw new IllegalArgumentException("no entry starting with " + entryPrefix + " in " + signed);
        }
        return target;
    }

    /** Replaces the package version in the signed manifest without signing again. */
    static Path editSignedManifest(Path signed, String from, String to, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(signed));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                    content = new String(content, StandardCharsets.UTF_8).replace(from, to)
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return target;
    }

    static String manifestVersion(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JarInputStream jar = new JarInputStream(in, false)) {
            return jar.getManifest().getMainAttributes().getValue("DeploymentPackage-Version");
        }
    }
}
