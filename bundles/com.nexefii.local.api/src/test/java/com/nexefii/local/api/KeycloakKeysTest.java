package com.nexefii.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Keycloak's keys are fetched when reachable, kept on disk, and refetched when a new kid shows up. */
class KeycloakKeysTest {

    @TempDir
    Path dir;
    HttpServer keycloak;
    final AtomicReference<String> served = new AtomicReference<>();

    @BeforeEach
    void givenAFakeKeycloakJwksEndpoint() throws IOException {
        keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keycloak.createContext("/realms/nexefii/protocol/openid-connect/certs", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        keycloak.start();
    }

    @AfterEach
    void stop() {
        keycloak.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + keycloak.getAddress().getPort() + "/realms/nexefii/protocol/openid-connect/certs");
    }

    @Test
    void givenReachableKeycloak_whenFetched_thenKeysUsableAndCachedForAnOfflineRestart() {
        KeycloakSigner signer = new KeycloakSigner("kc-1");
        served.set(signer.publicJwks());
        try (KeycloakKeys keys = new KeycloakKeys(url(), Duration.ofMinutes(10), dir, "")) {
            assertThat(keys.fetch()).isTrue();
            assertThat(keys.knows("kc-1")).isTrue();
        }
        keycloak.stop(0);

        try (KeycloakKeys offline = new KeycloakKeys(url(), Duration.ofMinutes(10), dir, "")) {
            assertThat(offline.fetch()).isFalse();
            assertThat(offline.knows("kc-1")).isTrue();
        }
    }

    @Test
    void givenKeycloakRotatedItsKey_whenATokenWithTheNewKidArrives_thenTheKeysAreRefetched() {
        KeycloakSigner old = new KeycloakSigner("kc-1");
        KeycloakSigner rotated = new KeycloakSigner("kc-2");
        served.set(old.publicJwks());
        LocalApiOptions options = LocalApiHandlerTest.options(dir, "");
        try (KeycloakKeys keys = new KeycloakKeys(url(), Duration.ofMinutes(10), dir, "")) {
            keys.fetch();
            StaffTokenVerifier verifier = new StaffTokenVerifier(keys, options, "hotel-a");
            served.set(rotated.publicJwks());

            String token = rotated.token("staff-a", "hotel-a", "staff");
            assertThat(verifier.verify(token).verified()).isFalse();

            await().atMost(Duration.ofSeconds(10)).until(() -> verifier.verify(token).verified());
        }
    }

    @Test
    void givenJwksWithAnEncryptionKeyAndAPrivateKey_whenParsed_thenOnlyThePublicSigningKeyKept() throws Exception {
        KeycloakSigner signer = new KeycloakSigner("kc-1");
        String jwks = "{\"keys\":[" + signer.key.toPublicJWK().toJSONString() + ","
                + new KeycloakSigner("enc").key.toPublicJWK().toJSONString().replace("\"use\":\"sig\"", "\"use\":\"enc\"")
                + "," + new KeycloakSigner("leaked").key.toJSONString() + "]}";

        assertThat(KeycloakKeys.signingKeys(jwks)).extracting(k -> k.getKeyID()).containsExactly("kc-1");
    }
}
