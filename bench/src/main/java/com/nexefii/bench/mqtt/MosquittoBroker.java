package com.nexefii.bench.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

import com.nexefii.mqtt.contract.transport.NoDelaySslSocketFactory;

/**
 * A private Debian Mosquitto on a free 127.0.0.1 port with mutual TLS, as the stack runs it, with a
 * development CA generated for this run by openssl (BENCHMARK FIXTURE: no secret, deleted with the
 * work directory). Closing it stops the broker.
 */
public final class MosquittoBroker implements AutoCloseable {

    /** PKCS12 password of the generated client keystores: a fixture, not a secret. */
    public static final String PASSWORD = "bench-only";

    private final Path dir;
    private final int port;
    private final Process process;

    private MosquittoBroker(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * @param maxInflight the broker's {@code max_inflight_messages} per client (QoS 1 window towards a subscriber)
     * @param clients client identities to issue certificates for (CN = identity = MQTT user name)
     */
    public static MosquittoBroker start(Path work, int maxInflight, String... clients) throws Exception {
        return start(work, maxInflight, true, clients);
    }

    /**
     * @param noDelay {@code set_tcp_nodelay}: the broker sends small packets at once instead of
     *     letting Nagle's algorithm hold them for the peer's (delayed) ACK
     */
    public static MosquittoBroker start(Path work, int maxInflight, boolean noDelay, String... clients)
            throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "mosquitto-");
        Pki.issue(dir, clients);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> conf = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                "allow_anonymous false",
                "persistence false",
                "max_inflight_messages " + maxInflight,
                "max_queued_messages 1000000",
                "set_tcp_nodelay " + noDelay,
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning"));
        if ("root".equals(System.getProperty("user.name"))) {
            conf.add("user root"); // else mosquitto drops to its own user, who cannot read the work directory
        }
        Files.write(dir.resolve("mosquitto.conf"), conf);
        Process process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        MosquittoBroker broker = new MosquittoBroker(dir, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(dir.resolve("stdout.log"));
                    broker.close();
                    throw new IllegalStateException("mosquitto did not start: " + log, notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    public String url() {
        return "ssl://127.0.0.1:" + port;
    }

    public Path keystore(String client) {
        return dir.resolve(client + ".p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** Connect options of a client: mutual TLS with its certificate, clean session, large Paho window. */
    public MqttConnectOptions options(String client, int maxInflight) throws Exception {
        return options(client, maxInflight, true);
    }

    /**
     * @param noDelay set TCP_NODELAY on the client's socket; Paho 1.2.5 leaves Nagle's algorithm on,
     *     which with the peer's delayed ACK can hold a small QoS 1 packet for tens of milliseconds
     */
    public MqttConnectOptions options(String client, int maxInflight, boolean noDelay) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        SSLSocketFactory tls = socketFactory(client);
        options.setSocketFactory(noDelay ? new NoDelaySslSocketFactory(tls) : tls);
        options.setCleanSession(true);
        options.setMaxInflight(maxInflight);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        return options;
    }

    public SSLSocketFactory socketFactory(String client) throws Exception {
        return com.nexefii.bench.Tls.socketFactory(keystore(client), PASSWORD, truststore(), PASSWORD);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        com.nexefii.bench.Scratch.deleteTree(dir);
    }
}
