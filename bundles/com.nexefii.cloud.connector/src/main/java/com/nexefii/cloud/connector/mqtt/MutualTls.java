package com.nexefii.cloud.connector.mqtt;

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

import com.nexefii.mqtt.contract.transport.NoDelaySslSocketFactory;

/**
 * Builds the TLS socket factory of the connection: this gateway's client certificate, trusting only
 * the configured CA, with TCP_NODELAY on every socket.
 */
final class MutualTls {

    private MutualTls() {
    }

    /** @throws IllegalArgumentException naming the keystore or truststore property that cannot be used */
    static SSLSocketFactory socketFactory(CloudConnectorOptions options) {
        KeyStore keys = load("keystorePath", options.keystore(), options.keystorePassword());
        KeyStore trust = load("truststorePath", options.truststore(), options.truststorePassword());
        try {
            if (!keys.aliases().hasMoreElements()) {
                throw new IllegalArgumentException("keystorePath: " + options.keystore() + " holds no key");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, options.keystorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new NoDelaySslSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("keystorePassword: cannot use the key in " + options.keystore() + ": "
                    + e.getMessage(), e);
        }
    }

    private static KeyStore load(String property, Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // a wrong password shows up as an IOException from PKCS12
            throw new IllegalArgumentException(property + ": cannot open " + file + " as PKCS12 with the configured "
                    + "password: " + e.getMessage(), e);
        }
    }
}
