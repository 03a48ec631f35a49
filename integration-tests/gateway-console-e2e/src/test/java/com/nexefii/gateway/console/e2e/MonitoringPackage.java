package com.nexefii.gateway.console.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The package the technician uploads in the test: the gateway's metrics bundle and the installer's
 * lock side, exactly as the build put them into the core package, as a package of their own (the
 * gateway runtime already carries the other core bundles, and Deployment Admin never takes over a
 * bundle installed outside a package). Signed with a key made for the test, which the gateway under
 * test trusts; keytool and jarsigner are the tools the build signs with.
 */
final class MonitoringPackage {

    static final String NAME = "com.nexefii.dp.e2e.monitoring";
    static final String VERSION = "1.0.0";
    static final List<String> BUNDLES = List.of("com.nexefii.gateway.metrics", "com.nexefii.gateway.deploy.locks");
    /** Test fixture only. */
    private static final String PASSWORD = "e2e-signing-only";

    final Path file;
    final Path certificate;

    private MonitoringPackage(Path file, Path certificate) {
        this.file = file;
        this.certificate = certificate;
    }

    static MonitoringPackage build(Path corePackage, Path directory) throws IOException, InterruptedException {
        return build(corePackage, directory, VERSION, false);
    }

    /**
     * @param broken whether the metrics bundle of this version needs a package no gateway has, so it
     *     cannot resolve and the version fails its health gate
     */
    static MonitoringPackage build(Path corePackage, Path directory, String version, boolean broken)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DeploymentPackage-SymbolicName", NAME);
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        try (JarInputStream core = new JarInputStream(Files.newInputStream(corePackage), false)) {
            Map<String, Attributes> sections = core.getManifest().getEntries();
            JarEntry entry;
            while ((entry = core.getNextJarEntry()) != null) {
                Attributes section = sections.get(entry.getName());
                if (section != null && BUNDLES.contains(section.getValue("Bundle-SymbolicName"))) {
                    String bsn = section.getValue("Bundle-SymbolicName");
                    byte[] content = core.readAllBytes();
                    String bundleVersion = section.getValue("Bundle-Version");
                    String name = entry.getName();
                    if (broken && bsn.equals(BUNDLES.get(0))) {
                        bundleVersion = version + ".broken";
                        content = unresolvable(content, bundleVersion);
                        name = bsn + "_" + bundleVersion + ".jar";
                    }
                    Attributes copy = new Attributes();
                    copy.putValue("Bundle-SymbolicName", bsn);
                    copy.putValue("Bundle-Version", bundleVersion);
                    manifest.getEntries().put(name, copy);
                    bundles.put(name, content);
                }
            }
        }
        if (bundles.size() != BUNDLES.size()) {
            throw new IllegalStateException(corePackage + " lacks one of " + BUNDLES + ": has " + bundles.keySet());
        }
        Path unsigned = directory.resolve("monitoring-" + version + "-unsigned.dp");
        try (OutputStream out = Files.newOutputStream(unsigned); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> bundle : bundles.entrySet()) {
                jar.putNextEntry(new JarEntry(bundle.getKey()));
                jar.write(bundle.getValue());
                jar.closeEntry();
            }
        }
        Path keystore = directory.resolve("e2e-signer.p12");
        Path certificate = directory.resolve("e2e-signer.pem");
        Path signed = directory.resolve(NAME + "_" + version + ".dp");
        Files.deleteIfExists(signed);
        if (!Files.exists(keystore)) {
            run("keytool", "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass",
                    PASSWORD, "-keypass", PASSWORD, "-alias", "e2e", "-keyalg", "RSA", "-keysize", "2048", "-validity",
                    "7", "-dname", "CN=Nexefii e2e package signing (test only), O=Nexefii tests");
            run("keytool", "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias",
                    "e2e", "-file", certificate.toString());
        }
        run("jarsigner", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-signedjar", signed.toString(),
                unsigned.toString(), "e2e");
        return new MonitoringPackage(signed, certificate);
    }

    /** The bundle with another version and an import nothing exports: it installs but never resolves. */
    private static byte[] unresolvable(byte[] bundle, String version) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(bundle), false)) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue("Bundle-Version", version);
            main.putValue("Import-Package", main.getValue("Import-Package") + ",com.nexefii.does.not.exist");
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

    private static void run(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(tool + " failed: " + output);
        }
    }
}
