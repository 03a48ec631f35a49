package com.nexefii.cloud.connector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Mosquitto on 127.0.0.1 with mutual TLS and the contract's per-gateway ACL, for tests.
 *
 * <p>TEST FIXTURE: a throwaway CA, server and client certificates and their PKCS12 stores are
 * generated with openssl into a temporary directory on every run; nothing is committed.
 */
public final class MosquittoBroker implements AutoCloseable {

    public static final String PASSWORD = "test-only-changeit";
    public static final String CLOUD = "nexefii-cloud";

    private final Path dir;
    private final int port;
    private final List<String[]> gateways;
    private Process process;

    /** @param gateways pairs of {propertyId, gatewayId}; each gets a client certificate and an ACL block */
    public MosquittoBroker(Path dir, List<String[]> gateways) throws IOException, InterruptedException {
        this.dir = dir;
        this.gateways = gateways;
        this.port = freePort();
        Files.createDirectories(dir);
        pki();
        config();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ssl://127.0.0.1:" + port;
    }

    public Path keystore(String identity) {
        return dir.resolve(identity + ".p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** @return TLS client sockets presenting {@code identity}'s certificate and trusting only the test CA */
    public SSLSocketFactory tls(String identity) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore(identity))) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(truststore())) {
                trust.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("test TLS material for " + identity + " unusable", e);
        }
    }

    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on " + port);
    }

    /** Stops the broker (SIGTERM: it saves its persistent sessions, as a real broker restart would). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void config() throws IOException {
        StringBuilder acl = new StringBuilder();
        acl.append("user ").append(CLOUD).append('\n');
        acl.append("topic readwrite nexefii/v1/#\n\n");
        for (String[] g : gateways) {
            String base = "nexefii/v1/" + g[0] + "/" + g[1] + "/";
            acl.append("user ").append(g[1]).append('\n');
            acl.append("topic read ").append(base).append("cmd\n");
            acl.append("topic read ").append(base).append("policy\n");
            acl.append("topic read ").append(base).append("pkg\n");
            acl.append("topic read ").append(base).append("evt/ack\n");
            for (String ch : new String[] { "evt", "policy/ack", "status", "inventory" }) {
                acl.append("topic write ").append(base).append(ch).append('\n');
            }
            acl.append('\n');
        }
        Files.writeString(dir.resolve("acl"), acl);
        Files.createDirectories(dir.resolve("data"));
        String conf = String.join("\n",
                "user root",
                "persistence true",
                "persistence_location " + dir.resolve("data") + "/",
                "autosave_interval 1",
                "max_queued_messages 0",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.crt"),
                "certfile " + dir.resolve("server.crt"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                "allow_anonymous false",
                "acl_file " + dir.resolve("acl"),
                "");
        Files.writeString(dir.resolve("mosquitto.conf"), conf);
    }

    private void pki() throws IOException, InterruptedException {
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
        run("openssl", "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "2", "-subj",
                "/O=Nexefii test/CN=Nexefii test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt");
        sign("server", "/O=Nexefii test/CN=localhost",
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                        + "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        List<String> clients = new ArrayList<>();
        clients.add(CLOUD);
        gateways.forEach(g -> clients.add(g[1]));
        for (String cn : clients) {
            sign(cn, "/O=Nexefii test/CN=" + cn,
                    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n");
            run("openssl", "pkcs12", "-export", "-inkey", cn + ".key", "-in", cn + ".crt", "-certfile", "ca.crt",
                    "-name", cn, "-out", cn + ".p12", "-passout", "pass:" + PASSWORD);
        }
        run("keytool", "-importcert", "-noprompt", "-alias", "test-ca", "-file", "ca.crt", "-keystore",
                "truststore.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private void sign(String name, String subject, String extensions) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
        run("openssl", "req", "-new", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-sha256", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** How long tests wait for the broker-side effects. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);
}
