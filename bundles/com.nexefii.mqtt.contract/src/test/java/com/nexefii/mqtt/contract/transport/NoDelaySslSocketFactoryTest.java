package com.nexefii.mqtt.contract.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The MQTT clients' sockets on both ends: still TLS sockets (Paho's hostname check needs SSLSocket), without Nagle's delay. */
class NoDelaySslSocketFactoryTest {

    @Test
    void givenPahosLayeredConnect_whenTheTlsSocketIsMade_thenItIsAnSslSocketWithTcpNoDelay() throws Exception {
        NoDelaySslSocketFactory factory = new NoDelaySslSocketFactory(SSLContext.getDefault().getSocketFactory());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept();
                Socket tls = factory.createSocket(plain, "127.0.0.1", server.getLocalPort(), true)) {
            assertThat(tls).isInstanceOf(SSLSocket.class);
            assertThat(tls.getTcpNoDelay()).isTrue();
            assertThat(plain.getTcpNoDelay()).as("the connected socket underneath").isTrue();
        }
    }

    @Test
    void givenAnUnconnectedSocket_whenMade_thenTcpNoDelay() throws Exception {
        NoDelaySslSocketFactory factory = new NoDelaySslSocketFactory(SSLContext.getDefault().getSocketFactory());
        try (Socket s = factory.createSocket()) {
            assertThat(s).isInstanceOf(SSLSocket.class);
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }
}
