package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Keys, certificates and signed packages made with the JDK's keytool and jarsigner. Test fixture only. */
final class TestSigning {

    static final String PASSWORD = "test-only-password";

    private TestSigning() {
    }

    static Path keyPair(Path directory, String alias) throws Exception {
        Path keystore = directory.resolve(alias + ".p12");
        run("keytool", "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=" + alias + ", O=Nexefii tests");
        return keystore;
    }

    /** Makes the key of {@code alias} in {@code keystore} a certificate issued by {@code ca}, chain included. */
    static void issueBy(Path keystore, String alias, Path caKeystore, String ca) throws Exception {
        Path request = keystore.resolveSibling(alias + ".csr");
        Path issued = keystore.resolveSibling(alias + "-issued.pem");
        Path caCert = certificate(caKeystore, ca);
        run("keytool", "-certreq", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", alias, "-file",
                request.toString());
        run("keytool", "-gencert", "-keystore", caKeystore.toString(), "-storepass", PASSWORD, "-alias", ca, "-infile",
                request.toString(), "-outfile", issued.toString(), "-rfc", "-validity", "30");
        run("keytool", "-importcert", "-noprompt", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias",
                ca, "-file", caCert.toString());
        run("keytool", "-importcert", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", alias,
                "-file", issued.toString());
    }

    static Path certificate(Path keystore, String alias) throws Exception {
        Path pem = keystore.resolveSibling(alias + ".pem");
        run("keytool", "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", alias,
                "-file", pem.toString());
        return pem;
    }

    /** A deployment package with one made-up bundle, unsigned. */
    static Path unsignedPackage(Path file, String name, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        Attributes bundle = new Attributes();
        bundle.putValue("Bundle-SymbolicName", "com.example.bundle");
        bundle.putValue("Bundle-Version", "1.0.0");
        manifest.getEntries().put("com.example.bundle_1.0.0.jar", bundle);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("com.example.bundle_1.0.0.jar"));
            jar.write("pretend this is a bundle".getBytes());
            jar.closeEntry();
        }
        return file;
    }

    static Path sign(Path unsigned, Path keystore, String alias, Path signed) throws Exception {
        run("jarsigner", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-signedjar", signed.toString(),
                unsigned.toString(), alias);
        return signed;
    }

    private static void run(String tool, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed: " + output);
        }
    }
}
