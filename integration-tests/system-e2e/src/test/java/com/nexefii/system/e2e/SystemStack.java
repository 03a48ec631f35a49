package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * The running stack as the tests see it from outside: the settings up.sh wrote to stack.env, and
 * plain HTTP/MQTT clients for its public interfaces (Keycloak, the cloud's REST API, the gateways'
 * local HTTPS API, the broker). Started once for the whole module by the pom (pre-integration-test).
 */
final class SystemStack {
    static final ObjectMapper JSON = new ObjectMapper();
    private static SystemStack instance;

    private final Properties env = new Properties();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient[] gatewayHttp = new HttpClient[2];

    static synchronized SystemStack get() {
        if (instance == null) {
            instance = new SystemStack(Path.of(System.getProperty("nexefii.stack.env")));
        }
        return instance;
    }

    private SystemStack(Path stackEnv) {
        try (InputStream in = Files.newInputStream(stackEnv)) {
            env.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no stack.env at " + stackEnv + ": did up.sh run?", e);
        }
        assertThat(get("NEXEFII_CLOUD_URL")).as("the stack runs the cloud").isNotBlank();
        assertThat(env.getProperty("NEXEFII_GATEWAY_1_LOCAL_API_URL")).as("the stack runs two gateways").isNotBlank();
        for (int i = 0; i < 2; i++) {
            gatewayHttp[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .sslContext(sslContext(null, get("NEXEFII_GATEWAY_" + i + "_LOCAL_API_KEYSTORE"))).build();
        }
    }

    String get(String key) {
        String value = env.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("stack.env has no " + key);
        }
        return value;
    }

    String cloud() {
        return get("NEXEFII_CLOUD_URL");
    }

    String localApi(int gateway) {
        return get("NEXEFII_GATEWAY_" + gateway + "_LOCAL_API_URL");
    }

    /** Password grant on the mobile client: test only (the stack enables it). */
    String token(String user) {
        HttpResponse<String> r = send(http, HttpRequest.newBuilder(URI.create(get("NEXEFII_OIDC_TOKEN_URL")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + get("NEXEFII_OIDC_MOBILE_CLIENT_ID")
                        + "&username=" + enc(user) + "&password=" + enc("test-" + user + "-pass")))
                .build());
        assertThat(r.statusCode()).as("token for %s: %s", user, r.body()).isEqualTo(200);
        return json(r.body()).path("access_token").asText();
    }

    HttpResponse<String> cloudGet(String token, String path) {
        return send(http, HttpRequest.newBuilder(URI.create(cloud() + path)).header("Authorization", "Bearer " + token).GET().build());
    }

    HttpResponse<String> cloudPost(String token, String path, String body) {
        return send(http, HttpRequest.newBuilder(URI.create(cloud() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "it-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> gatewayPost(int gateway, String authorization, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(localApi(gateway) + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(gatewayHttp[gateway], b.build());
    }

    /** Audit records of a property matching a query string (already encoded). */
    JsonNode audit(String token, String property, String query) {
        HttpResponse<String> r = cloudGet(token, "/api/v1/properties/" + property + "/audit?limit=500&" + query);
        assertThat(r.statusCode()).as("audit: %s", r.body()).isEqualTo(200);
        return json(r.body()).path("items");
    }

    /** The first lock of a protocol on a gateway, as the cloud's inventory lists it (null if none yet). */
    String lockOf(String token, String property, String protocol) {
        for (JsonNode lock : json(cloudGet(token, "/api/v1/properties/" + property + "/locks").body())) {
            if (protocol.equals(lock.path("protocol").asText())) {
                return lock.path("lockId").asText();
            }
        }
        return null;
    }

    /** mTLS options for an MQTT identity of the stack's PKI (null: no client certificate). */
    MqttConnectOptions mqttOptions(String identity) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        o.setSocketFactory(sslContext(identity == null ? null : get("NEXEFII_PKI_DIR") + "/" + identity + ".p12",
                get("NEXEFII_TLS_TRUSTSTORE")).getSocketFactory());
        return o;
    }

    String mqttUrl() {
        return get("NEXEFII_MQTT_URL");
    }

    private SSLContext sslContext(String keystore, String truststore) {
        try {
            char[] password = get("NEXEFII_PKCS12_PASSWORD").toCharArray();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(truststore))) {
                trust.load(in, password);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (keystore != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(keystore))) {
                    keys.load(in, password);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS setup from " + truststore + " failed", e);
        }
    }

    /** Pid of a server the stack started (run/NAME.pid), or -1. */
    long pid(String name) {
        try {
            Path file = Path.of(get("NEXEFII_STACK_DIR"), "run", name + ".pid");
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops one server of the stack with a signal to its process group (TERM or KILL). */
    void signal(String name, String signal) {
        long pid = pid(name);
        assertThat(pid).as("%s runs", name).isPositive();
        run("kill", "-" + signal, "--", "-" + pid);
    }

    /** Sends a signal to one process whose pid the stack keeps (run/NAME.pid), not to its process group. */
    void signalProcess(String name, String signal) {
        long pid = pid(name);
        assertThat(pid).as("%s runs", name).isPositive();
        run("kill", "-" + signal, Long.toString(pid));
    }

    /** up.sh --detach: starts what is missing (a stopped server) and waits until everything is ready. */
    void upAgain() {
        run("bash", System.getProperty("nexefii.stack.scripts") + "/up.sh", "--detach");
    }

    private void run(String... command) {
        try {
            Path log = Path.of(get("NEXEFII_LOG_DIR"), "system-e2e-commands.log");
            ProcessBuilder b = new ProcessBuilder(command);
            // A failed restart leaves the rest running for the report (post-integration-test stops all).
            b.environment().put("NEXEFII_KEEP_ON_FAILURE", "true");
            Process p = b.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            assertThat(p.waitFor()).as("%s (output in %s)", String.join(" ", command), log).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
