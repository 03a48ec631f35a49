package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The verified package files the gateway keeps, {@code <root>/<package>/<version>.dp}, so it can put
 * the previous version back without the cloud or a technician. Files are written under a temporary
 * name and moved into place, so a crash never leaves half a package to roll back to.
 */
final class PackageArchive {

    private static final String SUFFIX = ".dp";

    private final Path root;
    private final int kept;

    PackageArchive(Path root, int kept) throws IOException {
        this.root = Files.createDirectories(root);
        this.kept = kept;
    }

    /** Keeps a copy of a verified package as the file of its version. */
    Path keep(String name, String version, Path verified) throws IOException {
        Path directory = Files.createDirectories(directoryOf(name));
        Path target = directory.resolve(version + SUFFIX);
        Path partial = Files.createTempFile(directory, "incoming-", ".part");
        try {
            Files.copy(verified, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    /**
     * Keeps the running version of a package that arrived some other way (installed before the
     * installer, or straight through Deployment Admin), rebuilt from its installed bundles, so even
     * its first update through the installer can be rolled back.
     */
    Path keepRunning(DeploymentPackage running) throws IOException {
        String name = running.getName();
        String version = running.getVersion().toString();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(SignedPackageVerifier.SYMBOLIC_NAME, name);
        manifest.getMainAttributes().putValue(SignedPackageVerifier.VERSION, version);
        Map<String, Bundle> bundles = new LinkedHashMap<>();
        for (BundleInfo info : running.getBundleInfos()) {
            Bundle bundle = running.getBundle(info.getSymbolicName());
            if (bundle == null) {
                throw new IOException("bundle " + info.getSymbolicName() + " of " + name + " is not installed");
            }
            String entry = info.getSymbolicName() + "_" + info.getVersion() + ".jar";
            Attributes section = new Attributes();
            section.putValue("Bundle-SymbolicName", info.getSymbolicName());
            section.putValue("Bundle-Version", info.getVersion().toString());
            manifest.getEntries().put(entry, section);
            bundles.put(entry, bundle);
        }
        Path directory = Files.createDirectories(directoryOf(name));
        Path partial = Files.createTempFile(directory, "running-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(partial); JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (Map.Entry<String, Bundle> entry : bundles.entrySet()) {
                    jar.putNextEntry(new JarEntry(entry.getKey()));
                    writeBundle(entry.getValue(), jar);
                    jar.closeEntry();
                }
            }
            Path target = directory.resolve(version + SUFFIX);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Writes an installed bundle's content as a JAR, manifest first, from its entries. */
    private static void writeBundle(Bundle bundle, OutputStream target) throws IOException {
        URL manifestUrl = bundle.getEntry("META-INF/MANIFEST.MF");
        if (manifestUrl == null) {
            throw new IOException("bundle " + bundle.getSymbolicName() + " has no manifest entry");
        }
        Manifest manifest;
        try (InputStream in = manifestUrl.openStream()) {
            manifest = new Manifest(in);
        }
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buffer, manifest)) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
                if (path.isEmpty() || path.endsWith("/") || path.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(path));
                try (InputStream in = url.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        buffer.writeTo(target);
    }

    /** Keeps an installed bundle's current content as {@code bundle:<bsn>/<version>.jar}, for a rollback. */
    Path keepBundle(Bundle bundle) throws IOException {
        Path directory = Files.createDirectories(directoryOf(BUNDLE_PREFIX + bundle.getSymbolicName()));
        Path partial = Files.createTempFile(directory, "running-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                writeBundle(bundle, out);
            }
            Path target = directory.resolve(bundle.getVersion() + ".jar");
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static final String BUNDLE_PREFIX = "bundle-";

    Optional<Path> file(String name, String version) {
        Path file = directoryOf(name).resolve(version + SUFFIX);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** @return kept versions of a package, newest first */
    List<String> versions(String name) {
        Path directory = directoryOf(name);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> versions = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                versions.add(fileName.substring(0, fileName.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        versions.sort(Comparator.comparing(PackageArchive::parse).reversed());
        return versions;
    }

    /** Keeps the running version and the newest others up to the configured count; drops the rest. */
    void prune(String name, String running) throws IOException {
        List<String> versions = versions(name);
        int keep = kept - 1;
        for (String version : versions) {
            if (version.equals(running)) {
                continue;
            }
            if (keep > 0) {
                keep--;
            } else {
                Files.deleteIfExists(directoryOf(name).resolve(version + SUFFIX));
            }
        }
    }

    void forget(String name, String version) throws IOException {
        Files.deleteIfExists(directoryOf(name).resolve(version + SUFFIX));
    }

    void forgetAll(String name) throws IOException {
        Path directory = directoryOf(name);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    /**
     * Writes the package without its signature files: Felix Deployment Admin 0.9.6 stops reading at the
     * first entry its manifest does not describe, and the signature has been checked already.
     */
    static void copyWithoutSignature(Path signed, OutputStream target) throws IOException {
        try (InputStream in = Files.newInputStream(signed); JarInputStream jar = new JarInputStream(in, false)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new IOException(signed + " has no manifest");
            }
            JarOutputStream out = new JarOutputStream(target, manifest);
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null) {
                if (entry.isDirectory() || SignedPackageVerifier.isSignatureFile(entry.getName())) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                jar.transferTo(out);
                out.closeEntry();
            }
            out.finish();
        }
    }

    private Path directoryOf(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a deployment package name: " + name);
        }
        return root.resolve(name);
    }

    private static Version parse(String version) {
        try {
            return Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }
}
