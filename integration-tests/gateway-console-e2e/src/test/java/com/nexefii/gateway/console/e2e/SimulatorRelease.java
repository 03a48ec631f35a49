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
 * A release of the simulated-locks package as a release build would make it from the build's
 * package: its own package version, the simulator bundle re-versioned (Deployment Admin updates a
 * bundle only when its version changes), signed with a key made for the test, which the gateways
 * under test trust beside the build's key; keytool and jarsigner are the tools the build signs with.
 * Also kept unsigned, as a technician might receive it.
 */
final class SimulatorRelease {

    static final String NAME = "com.nexefii.dp.lock.simulator";
    static final List<String> BUNDLES = List.of("com.nexefii.lock.simulator");
    /** Test fixture only. */
    private static final String PASSWORD = "e2e-signing-only";

    final Path file;
    final Path unsigned;
    final Path certificate;

    private SimulatorRelease(Path file, Path unsigned, Path certificate) {
        this.file = file;
        this.unsigned = unsigned;
        this.certificate = certificate;
    }

    /**
     * @param broken whether the metrics bundle of this version needs a package no gateway has, so it
     *     cannot resolve and the version fails its health gate
     */
    static SimulatorRelease build(Path simulatorPackage, Path directory, String version, boolean broken)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DeploymentPackage-SymbolicName", NAME);
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        try (JarInputStream core = new JarInputStream(Files.newInputStream(simulatorPackage), false)) {
            Map<String, Attributes> sections = core.getManifest().getEntries();
            JarEntry entry;
            while ((entry = core.getNextJarEntry()) != null) {
                Attributes section = sections.get(entry.getName());
                if (section != null && BUNDLES.contains(section.getValue("Bundle-SymbolicName"))) {
                    String bsn = section.getValue("Bundle-SymbolicName");
                    byte[] content = core.readAllBytes();
                    String bundleVersion = broken ? version + ".broken" : version;
                    content = reversioned(content, bundleVersion, broken);
                    String name = bsn + "_" + bundleVersion + ".jar";
                    Attributes copy = new Attributes();
                    copy.putValue("Bundle-SymbolicName", bsn);
                    copy.putValue("Bundle-Version", bundleVersion);
                    manifest.getEntries().put(name, copy);
                    bundles.put(name, content);
                }
            }
        }
        if (bundles.size() != BUNDLES.size()) {
            throw new IllegalStateException(simulatorPackage + " lacks one of " + BUNDLES + ": has " + bundles.keySet());
        }
        Path unsigned = directory.resolve("simulator-" + version + "-unsigned.dp");
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
        return new SimulatorRelease(signed, unsigned, certificate);
    }

    /** The bundle with another version; broken: with an import nothing exports, so it installs but never resolves. */
    private static byte[] reversioned(byte[] bundle, String version, boolean broken) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(bundle), false)) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue("Bundle-Version", version);
            if (broken) {
                main.putValue("Import-Package", main.getValue("Import-Package") + ",com.nexefii.does.not.exist");
            }
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
