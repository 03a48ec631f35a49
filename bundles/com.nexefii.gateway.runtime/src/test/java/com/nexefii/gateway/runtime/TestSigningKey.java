package com.nexefii.gateway.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A package signing key made for the test with the JDK's keytool, and jarsigner to sign with it: the
 * gateway installs only signed packages whose signer it trusts. Test fixture only.
 */
record TestSigningKey(Path keystore, Path certificate) {

    private static final String ALIAS = "runtime-it";
    private static final String PASSWORD = "runtime-it-only";

    static TestSigningKey generate(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path keystore = directory.resolve(ALIAS + ".p12");
        Path certificate = directory.resolve(ALIAS + ".pem");
        run("keytool", "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=Gateway runtime IT (test only), O=Nexefii tests");
        run("keytool", "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", ALIAS,
                "-file", certificate.toString());
        return new TestSigningKey(keystore, certificate);
    }

    Path sign(Path unsigned, Path signed) throws IOException {
        run("jarsigner", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-signedjar", signed.toString(),
                unsigned.toString(), ALIAS);
        return signed;
    }

    private static void run(String tool, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(tool + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(tool + " interrupted", e);
        }
    }
}
