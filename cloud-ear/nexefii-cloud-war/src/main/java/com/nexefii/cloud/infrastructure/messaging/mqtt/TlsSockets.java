package com.nexefii.cloud.infrastructure.messaging.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the mutual-TLS socket factory of the bridge from the configured key and trust stores. */
final class TlsSockets {

    private TlsSockets() {
    }

    static SSLSocketFactory mutualTls(MqttOptions o) {
        try {
            KeyStore keys = load(o.keystorePath().orElseThrow(), o.keystoreType(), o.keystorePassword());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, o.keystorePassword().toCharArray());
            KeyStore trust = load(o.truststorePath().orElseThrow(), o.truststoreType(), o.truststorePassword());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.2");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("nexefii.mqtt.keystore / truststore: cannot build the TLS context: " + e, e);
        }
    }

    private static KeyStore load(String path, String type, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
