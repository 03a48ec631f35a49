package com.nexefii.local.api.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * TEST FIXTURES, generated per run, none of them real secrets: the gateway's TLS keystore (made
 * with the JDK's keytool, certificate for IP 127.0.0.1), a Keycloak-like token signer (RSA), the
 * cloud's mobile key signer (P-256) and its policy messages.
 */
final class Fixtures {

    static final String PROPERTY = "hotel-it";
    static final String ISSUER = "http://127.0.0.1:1/realms/nexefii";
    static final String STORE_PASSWORD = "test-only-password";
    static final ObjectMapper JSON = new ObjectMapper();

    final RSAKey keycloakKey;
    final ECKey cloudKey;

    Fixtures() throws JOSEException {
        keycloakKey = new RSAKeyGenerator(2048).keyID("kc-it").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
        cloudKey = new ECKeyGenerator(Curve.P_256).keyID("cloud-it").keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
    }

    static Path keystore(Path dir) throws IOException, InterruptedException {
        Path store = dir.resolve("gateway-tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=gateway-it", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return store;
    }

    /** Trusts exactly the gateway's self-signed certificate, as a provisioned staff device would. */
    static SSLContext trusting(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String keycloakJwks() {
        return new JWKSet(keycloakKey.toPublicJWK()).toString(true);
    }

    String staffToken(String subject, String... groups) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("nexefii-api", "account"))
                .subject(subject).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("groups", List.of(groups)).claim("property_id", PROPERTY).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keycloakKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(keycloakKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String mobileKey(String credentialId, String lockId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("nexefii-cloud").audience("nexefii-gateway")
                .subject("guest-it").claim("property_id", PROPERTY).claim("locks", List.of(lockId))
                .notBeforeTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(credentialId).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(cloudKey.getKeyID()).build(),
                    claims);
            jwt.sign(new ECDSASigner(cloudKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] snapshot(long version, List<String> floorOne) {
        Map<String, Object> m = message("snapshot", version);
        m.put("zones", Map.of("floor-1", floorOne));
        m.put("staffZones", List.of(Map.of("role", "staff", "zones", List.of("floor-1")),
                Map.of("role", "property-admin", "zones", List.of("*"))));
        m.put("keys", new JWKSet(cloudKey.toPublicJWK()).toJSONObject(true));
        return bytes(m);
    }

    byte[] revocation(long fromVersion, long version, String credentialId) {
        Map<String, Object> m = message("delta", version);
        m.put("fromVersion", fromVersion);
        m.put("revocations", List.of(Map.of("credentialId", credentialId,
                "expiresAt", Instant.now().plusSeconds(7200).toString())));
        return bytes(m);
    }

    private static Map<String, Object> message(String kind, long version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("kind", kind);
        m.put("propertyId", PROPERTY);
        m.put("version", version);
        m.put("issuedAt", Instant.now().toString());
        return m;
    }

    private static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
