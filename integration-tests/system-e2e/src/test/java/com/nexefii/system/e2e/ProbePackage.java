package com.nexefii.system.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A deployment package of one code-free probe bundle that no other package owns, signed with the key the
 * stack's gateways trust (the build's development signing key). The broken version's bundle imports a
 * package nobody exports: it installs but never resolves, so it fails the health gate.
 */
final class ProbePackage {

    static final String NAME = "com.nexefii.dp.e2e.rollout";
    static final String BUNDLE = "com.nexefii.e2e.rollout.probe";

    private ProbePackage() {
    }

    static Path build(Path directory, String version, boolean broken) throws IOException, InterruptedException {
        return build(directory, NAME, BUNDLE, version, broken);
    }

    /** Another probe package, with its own bundle (a bundle belongs to one package only). */
    static Path build(Path directory, String name, String version, boolean broken)
            throws IOException, InterruptedException {
        return build(directory, name, name + ".probe", version, broken);
    }

    private static Path build(Path directory, String name, String bundleName, String version, boolean broken)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        String bundleVersion = version + (broken ? ".broken" : "");
        Manifest bundleManifest = new Manifest();
        Attributes b = bundleManifest.getMainAttributes();
        b.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        b.putValue("Bundle-ManifestVersion", "2");
        b.putValue("Bundle-SymbolicName", bundleName);
        b.putValue("Bundle-Version", bundleVersion);
        if (broken) {
            b.putValue("Import-Package", "com.nexefii.does.not.exist");
        }
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bundle, bundleManifest)) {
            jar.putNextEntry(new JarEntry("probe.txt"));
            jar.write(("rollout probe " + bundleVersion).getBytes());
            jar.closeEntry();
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        String entry = bundleName + "_" + bundleVersion + ".jar";
        Attributes section = new Attributes();
        section.putValue("Bundle-SymbolicName", bundleName);
        section.putValue("Bundle-Version", bundleVersion);
        manifest.getEntries().put(entry, section);
        Path unsigned = directory.resolve(name + "_" + version + "-unsigned.dp");
        try (OutputStream out = Files.newOutputStream(unsigned); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(bundle.toByteArray());
            jar.closeEntry();
        }
        Path signed = directory.resolve(name + "_" + version + ".dp");
        Files.deleteIfExists(signed);
        run("jarsigner", "-keystore", System.getProperty("nexefii.dp.keystore"), "-storetype", "PKCS12", "-storepass",
                System.getProperty("nexefii.dp.storepass"), "-signedjar", signed.toString(), unsigned.toString(),
                System.getProperty("nexefii.dp.alias"));
        return signed;
    }

    /**
     * A newer release of a built package, as a release build would make it: a higher package version and every
     * one of our bundles ({@code com.nexefii.*}) re-versioned (Deployment Admin updates a bundle only when its
     * version changes); third-party bundles unchanged. Signed with the build's development key.
     */
    static Path revision(Path built, String packageVersion, String bundleVersion, Path directory)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        Manifest manifest = new Manifest();
        String name;
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(built), false)) {
            Manifest original = in.getManifest();
            manifest.getMainAttributes().putAll(original.getMainAttributes());
            manifest.getMainAttributes().putValue("DeploymentPackage-Version", packageVersion);
            name = original.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                Attributes section = original.getEntries().get(entry.getName());
                if (section == null || section.getValue("Bundle-SymbolicName") == null) {
                    continue; // the build's signature files
                }
                Attributes copy = new Attributes(section);
                copy.remove(new Attributes.Name("SHA-256-Digest"));
                byte[] bundle = in.readAllBytes();
                if (section.getValue("Bundle-SymbolicName").startsWith("com.nexefii.")) {
                    copy.putValue("Bundle-Version", bundleVersion);
                    bundle = reversioned(bundle, bundleVersion);
                }
                manifest.getEntries().put(entry.getName(), copy);
                entries.put(entry.getName(), bundle);
            }
        }
        Path unsigned = directory.resolve(name + "_" + packageVersion + "-unsigned.dp");
        try (OutputStream out = Files.newOutputStream(unsigned); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (java.util.Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return sign(unsigned, directory.resolve(name + "_" + packageVersion + ".dp"));
    }

    private static byte[] reversioned(byte[] bundle, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(bundle),
                false)) {
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

    private static Path sign(Path unsigned, Path signed) throws IOException, InterruptedException {
        Files.deleteIfExists(signed);
        run("jarsigner", "-keystore", System.getProperty("nexefii.dp.keystore"), "-storetype", "PKCS12", "-storepass",
                System.getProperty("nexefii.dp.storepass"), "-signedjar", signed.toString(), unsigned.toString(),
                System.getProperty("nexefii.dp.alias"));
        return signed;
    }

    private static void run(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(tool + " failed: " + output);
        }
    }
}
