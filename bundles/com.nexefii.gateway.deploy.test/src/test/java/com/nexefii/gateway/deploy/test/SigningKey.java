package com.nexefii.gateway.deploy.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A signing key made for a test with the JDK's keytool, and jarsigner to sign with it: the same
 * tools the build signs with. Test fixture only.
 */
record SigningKey(Path keystore, String alias, String password, Path certificate) {

    static SigningKey generate(Path directory, String alias) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path keystore = directory.resolve(alias + ".p12");
        Path certificate = directory.resolve(alias + ".pem");
        Files.deleteIfExists(keystore);
        String password = "test-only-" + alias;
        run(tool("keytool"), "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass",
                password, "-keypass", password, "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity",
                "30", "-dname", "CN=" + alias + " (test only), O=Nexefii tests");
        run(tool("keytool"), "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-alias", alias, "-file", certificate.toString());
        return new SigningKey(keystore, alias, password, certificate);
    }

    /** Signs a package the way the build's maven-jarsigner-plugin does. */
    Path sign(Path unsigned, Path signed) throws IOException, InterruptedException {
        Files.deleteIfExists(signed);
        run(tool("jarsigner"), "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password,
                "-keypass", password, "-signedjar", signed.toString(), unsigned.toString(), alias);
        return signed;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(line.get(0) + " failed: " + output);
        }
    }
}
