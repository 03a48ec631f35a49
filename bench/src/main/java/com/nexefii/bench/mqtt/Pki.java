package com.nexefii.bench.mqtt;

import java.nio.file.Path;
import java.util.List;

import com.nexefii.bench.Subprocess;

/**
 * BENCHMARK FIXTURE: a throwaway development CA (EC P-256, openssl) with a broker certificate for
 * 127.0.0.1 and one client certificate per identity, as PEM for Mosquitto and PKCS12 for Java.
 */
final class Pki {

    private Pki() {
    }

    static void issue(Path dir, String... clients) throws Exception {
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
        openssl(dir, "req", "-x509", "-new", "-key", "ca.key", "-days", "2", "-subj", "/CN=nexefii-bench-ca",
                "-out", "ca.pem");
        leaf(dir, "server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        for (String client : clients) {
            leaf(dir, client, client, "extendedKeyUsage=clientAuth");
            openssl(dir, "pkcs12", "-export", "-in", client + ".pem", "-inkey", client + ".key", "-name", client,
                    "-passout", "pass:" + MosquittoBroker.PASSWORD, "-out", client + ".p12");
        }
        // a PKCS12 truststore holding only the CA: Java's keytool makes trusted-certificate entries
        Subprocess.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
                "-noprompt", "-alias", "ca", "-file", "ca.pem", "-storetype", "PKCS12", "-keystore", "truststore.p12",
                "-storepass", MosquittoBroker.PASSWORD), dir, java.time.Duration.ofMinutes(1));
    }

    private static void leaf(Path dir, String name, String cn, String extension) throws Exception {
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
        openssl(dir, "req", "-new", "-key", name + ".key", "-subj", "/CN=" + cn, "-out", name + ".csr");
        java.nio.file.Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Subprocess.run(command, dir, java.time.Duration.ofMinutes(1));
    }
}
