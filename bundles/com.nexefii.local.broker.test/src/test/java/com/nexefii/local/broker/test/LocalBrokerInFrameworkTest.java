package com.nexefii.local.broker.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Hashtable;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import com.nexefii.local.broker.LocalBroker;

/** Needs Debian's mosquitto (apt-get install mosquitto): it fails, not skips, without it. */
class LocalBrokerInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @InjectService(cardinality = 0)
    ServiceAware<LocalBroker> brokers;

    @Test
    void givenABrokerConfiguration_whenApplied_thenGatewayUserAcceptedAnonymousRefused_andDeletingItStopsTheBroker()
            throws Exception {
        int port = freePort();
        Configuration configuration = configurationAdmin.getConfiguration(LocalBroker.PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("bindAddress", "127.0.0.1");
        properties.put("port", port);
        configuration.update(properties);
        try {
            LocalBroker broker = await().atMost(WAIT).until(brokers::getService, b -> b != null);
            await().atMost(WAIT).until(() -> listening(port));
            assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(broker.running()).isTrue();

            MqttClient gateway = connect(broker.uri(), broker.username(), broker.password());
            assertThat(gateway.isConnected()).isTrue();
            gateway.disconnect();
            gateway.close();
            assertThatExceptionOfType(MqttException.class).isThrownBy(() -> connect(broker.uri(), null, null));
        } finally {
            configuration.delete();
        }

        await().atMost(WAIT).until(() -> brokers.getService() == null);
        // SCR unregisters the service before deactivation stops the process: wait for the port to close
        await().atMost(WAIT).until(() -> !listening(port));
    }

    private static MqttClient connect(String uri, String user, char[] password) throws MqttException {
        MqttClient client = new MqttClient(uri, "it-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password);
        }
        client.connect(options);
        return client;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
