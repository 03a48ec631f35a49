package com.nexefii.local.broker.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker for real: Debian's mosquitto started by the component, clients connecting with Paho.
 * Needs the mosquitto package installed (apt-get install mosquitto); it fails, not skips, without it.
 */
class LocalBrokerTest {

    @TempDir
    Path dir;
    LocalBrokerOptions options;
    LocalBrokerComponent broker;

    @BeforeEach
    void givenABrokerOnAFreeLoopbackPort() throws IOException {
        // the JUnit temp dir is root-only; mosquitto, dropped to its own user, must pass through it
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        options = new LocalBrokerOptions("127.0.0.1", freePort(), Path.of("/usr/sbin/mosquitto"),
                Path.of("/usr/bin/mosquitto_passwd"), "nexefii-gateway", "mosquitto", 50, Duration.ofMillis(200),
                dir.resolve("broker"));
        broker = new LocalBrokerComponent(options);
        awaitListening();
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.deactivate();
        }
    }

    private void awaitListening() {
        await().atMost(Duration.ofSeconds(10)).until(this::listening);
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", options.port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private MqttClient connect(String user, char[] password) throws MqttException {
        return connect(user, password, null);
    }

    private MqttClient connect(String user, char[] password, SSLContext tls) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), "test-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions connect = new MqttConnectOptions();
        if (tls != null) {
            connect.setSocketFactory(tls.getSocketFactory());
        }
        connect.setConnectionTimeout(5);
        connect.setCleanSession(true);
        if (user != null) {
            connect.setUserName(user);
            connect.setPassword(password);
        }
        client.connect(connect);
        return client;
    }

    @Test
    void givenRunningBroker_whenTheGatewayUserConnects_thenItPublishesAndReceives() throws Exception {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
        MqttClient client = connect(broker.username(), broker.password());
        try {
            client.subscribe("nexefii/local/test", 1, (topic, message) ->
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            client.publish("nexefii/local/test", "hello".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(broker.running()).isTrue();
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void givenRunningBroker_whenAnAnonymousClientConnects_thenRefused() {
        assertThatExceptionOfType(MqttException.class).isThrownBy(() -> connect(null, null))
                .satisfies(e -> assertThat(e.getReasonCode()).isIn(
                        (int) MqttException.REASON_CODE_NOT_AUTHORIZED,
                        (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void givenRunningBroker_whenAWrongPasswordIsUsed_thenRefused() {
        assertThatExceptionOfType(MqttException.class)
                .isThrownBy(() -> connect(broker.username(), "guess".toCharArray()))
                .satisfies(e -> assertThat(e.getReasonCode()).isIn(
                        (int) MqttException.REASON_CODE_NOT_AUTHORIZED,
                        (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void givenGeneratedFiles_whenRead_thenBoundToTheAddressNoAnonymousAndNoPlainPassword() throws IOException {
        Path brokerDir = options.dataDirectory().resolve("mosquitto");
        String conf = Files.readString(brokerDir.resolve("mosquitto.conf"));
        String passwd = Files.readString(brokerDir.resolve("passwd"));

        assertThat(conf).contains("listener " + options.port() + " 127.0.0.1\n").contains("allow_anonymous false\n");
        assertThat(passwd).startsWith("nexefii-gateway:$7$").doesNotContain(new String(broker.password()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                options.dataDirectory().resolve("broker-password")))).isEqualTo("rw-------");
    }

    @Test
    void givenRunningBroker_whenMosquittoDies_thenRestartedAndClientsConnectAgain() throws Exception {
        long firstPid = broker.pid();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.running() && broker.pid() != firstPid);
        awaitListening();
        assertThat(broker.restarts()).isEqualTo(1);
        MqttClient client = connect(broker.username(), broker.password());
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
    }

    @Test
    void givenRunningBroker_whenTheComponentStops_thenTheProcessIsGoneAndThePortClosed() {
        long pid = broker.pid();

        broker.deactivate();
        broker = null;

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(listening()).isFalse();
    }

    @Test
    void givenABrokerOrphanedByAKilledGateway_whenTheGatewayStartsAgain_thenTheOrphanIsStoppedFirst() throws Exception {
        broker.deactivate();
        // what a kill -9 of the gateway leaves behind: mosquitto running with our config and pid file
        MosquittoFiles files = MosquittoFiles.prepare(options);
        Process orphan = new ProcessBuilder(options.executable().toString(), "-c", files.config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Files.writeString(files.pidFile, Long.toString(orphan.pid()));
        awaitListening();

        broker = new LocalBrokerComponent(options);

        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(broker.pid()).isNotEqualTo(orphan.pid());
        awaitListening();
        MqttClient client = connect(broker.username(), broker.password());
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
    }

    @Test
    void givenADeviceUser_whenItPublishesInsideAndOutsideItsSubtree_thenOnlyItsOwnTopicsAreDelivered() throws Exception {
        char[] password = broker.addDevice("panel-1");
        BlockingQueue<String> seenByGateway = new LinkedBlockingQueue<>();
        MqttClient gateway = connect(broker.username(), broker.password());
        gateway.subscribe("#", 1, (topic, message) -> seenByGateway.add(topic));
        MqttClient device = awaitConnected("panel-1", password);
        try {
            device.publish("devices/panel-2/forged", new byte[] {1}, 1, false);
            device.publish("nexefii/v1/hotel-a/gw-1/evt", new byte[] {1}, 1, false);
            device.publish("devices/panel-1/state", new byte[] {1}, 1, false);

            // one client's messages arrive in order: had the forged ones passed, they would come first
            assertThat(seenByGateway.poll(5, TimeUnit.SECONDS)).isEqualTo("devices/panel-1/state");
            assertThat(seenByGateway).isEmpty();
        } finally {
            close(device);
            close(gateway);
        }
    }

    @Test
    void givenADeviceSubscribedToEverything_whenTheGatewayPublishes_thenTheDeviceReadsOnlyItsOwnSubtree() throws Exception {
        char[] password = broker.addDevice("panel-1");
        BlockingQueue<String> seenByDevice = new LinkedBlockingQueue<>();
        MqttClient device = awaitConnected("panel-1", password);
        device.subscribe("#", 1, (topic, message) -> seenByDevice.add(topic));
        MqttClient gateway = connect(broker.username(), broker.password());
        try {
            gateway.publish("nexefii/local/secret", new byte[] {1}, 1, false);
            gateway.publish("devices/panel-2/command", new byte[] {1}, 1, false);
            gateway.publish("devices/panel-1/command", new byte[] {1}, 1, false);

            assertThat(seenByDevice.poll(5, TimeUnit.SECONDS)).isEqualTo("devices/panel-1/command");
            assertThat(seenByDevice).isEmpty();
        } finally {
            close(device);
            close(gateway);
        }
    }

    @Test
    void givenAConnectedDevice_whenRemoved_thenItsConnectionIsCutAndItCannotLogInAgain() throws Exception {
        char[] password = broker.addDevice("panel-1");
        MqttClient device = awaitConnected("panel-1", password);

        assertThat(broker.removeDevice("panel-1")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
        awaitListening();
        assertThatExceptionOfType(MqttException.class).isThrownBy(() -> connect("panel-1", password));
        assertThat(broker.devices()).isEmpty();
        assertThat(broker.removeDevice("panel-1")).isFalse();
        MqttClient gateway = connect(broker.username(), broker.password());
        assertThat(gateway.isConnected()).isTrue();
        close(gateway);
        device.close();
    }

    @Test
    void givenDeviceUsers_whenStored_thenOnlyHashesAreKeptAndTheyOutliveARestart() throws Exception {
        char[] password = broker.addDevice("panel-1");
        broker.addDevice("panel-2");

        String passwd = Files.readString(options.dataDirectory().resolve("mosquitto/passwd"));
        assertThat(passwd).contains("panel-1:$7$", "panel-2:$7$").doesNotContain(new String(password));
        broker.deactivate();
        broker = new LocalBrokerComponent(options);
        awaitListening();

        assertThat(broker.devices()).containsExactly("panel-1", "panel-2");
        close(awaitConnected("panel-1", password));
    }

    @Test
    void givenAnUnusableDeviceId_whenAdded_thenRefusedWithTheReason() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> broker.addDevice("nexefii-gateway"))
                .withMessageContaining("deviceId");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> broker.addDevice("devices/#"))
                .withMessageContaining("deviceId");
        assertThat(broker.devices()).isEmpty();
    }

    @Test
    void givenATlsCertificate_whenConfigured_thenTheListenerSpeaksTlsOnly() throws Exception {
        broker.deactivate();
        Path tlsDir = Files.createDirectories(dir.resolve("tls-material"));
        Path certificate = tlsDir.resolve("server.crt");
        Path key = tlsDir.resolve("server.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=local-broker-test",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).isTrue();
        options = options.withTls(new LocalBrokerOptions.Tls(certificate, key, null));
        broker = new LocalBrokerComponent(options);
        awaitListening();

        assertThat(broker.uri()).startsWith("ssl://127.0.0.1:");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, trustManagers.getTrustManagers(), null);
        MqttClient overTls = connect(broker.username(), broker.password(), tls);
        assertThat(overTls.isConnected()).isTrue();
        close(overTls);
        MqttClient plain = new MqttClient("tcp://127.0.0.1:" + options.port(), "plain-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions plainOptions = new MqttConnectOptions();
        plainOptions.setConnectionTimeout(3);
        plainOptions.setUserName(broker.username());
        plainOptions.setPassword(broker.password());
        assertThatExceptionOfType(MqttException.class).isThrownBy(() -> plain.connect(plainOptions));
        plain.close();
    }

    /** A new device user becomes valid once mosquitto has re-read its password file (SIGHUP, asynchronous). */
    private MqttClient awaitConnected(String user, char[] password) {
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> connect(user, password),
                MqttClient::isConnected);
    }

    private static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
