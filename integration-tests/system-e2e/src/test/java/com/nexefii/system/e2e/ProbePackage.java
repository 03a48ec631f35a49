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
