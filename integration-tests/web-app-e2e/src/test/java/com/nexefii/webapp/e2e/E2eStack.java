package com.nexefii.webapp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real stack the tests run against: PostgreSQL, Keycloak with the project's realm, Mosquitto with
 * mTLS, and the cloud WAR (with the web app) on Payara Micro, all started by integration-tests/stack.
 * A running stack is reused when NEXEFII_STACK_ENV (environment or system property) names its
 * stack.env; otherwise one is started on free ports in target/e2e-stack and stopped at JVM exit.
 */
public final class E2eStack {

    static final ObjectMapper JSON = new ObjectMapper();
    private static E2eStack instance;

    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private E2eStack(Map<String, String> env) {
        this.env = env;
    }

    public static synchronized E2eStack get() {
        if (instance == null) {
            instance = start();
            instance.seed();
            instance.allowAppOrigin();
        }
        return instance;
    }

    public String value(String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("stack.env has no " + key);
        }
        return v;
    }

    public String cloudUrl() {
        return value("NEXEFII_CLOUD_URL");
    }

    public String appUrl() {
        return cloudUrl() + "/app/";
    }

    public Path pki(String file) {
        return Path.of(value("NEXEFII_PKI_DIR"), file);
    }

    public static Path targetDir() {
        return Path.of(System.getProperty("nexefii.e2e.dir", "target")).toAbsolutePath();
    }

    /** A test user's access token (password grant: the test stack enables it on the mobile client only). */
    public String token(String user) {
        JsonNode answer = form(value("NEXEFII_OIDC_TOKEN_URL"), Map.of("grant_type", "password", "client_id",
                value("NEXEFII_OIDC_MOBILE_CLIENT_ID"), "username", user, "password", "test-" + user + "-pass", "scope", "openid"));
        if (!answer.has("access_token")) {
            throw new IllegalStateException("no token for " + user + ": " + answer);
        }
        return answer.path("access_token").asText();
    }

    public record Answer(int status, JsonNode body) {
    }

    public Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(cloudUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").GET());
    }

    public Answer post(String path, String token, Object body, boolean idempotent) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloudUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (idempotent) {
                b.header("Idempotency-Key", UUID.randomUUID().toString());
            }
            return send(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a guest in for the given locks, valid from a minute ago for a day. */
    public String checkIn(String staffToken, String propertyId, String holder, List<String> lockIds) {
        var now = java.time.Instant.now();
        Answer a = post("/api/v1/properties/" + propertyId + "/stays", staffToken, Map.of("holder", holder, "lockIds", lockIds,
                "validFrom", now.minusSeconds(60).toString(), "validUntil", now.plus(Duration.ofDays(1)).toString()), false);
        require(a.status() == 201, "check-in of " + holder + ": " + a);
        return a.body().path("stayId").asText();
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))).body();
    }

    /** Properties and gateways of the stack's gateways.conf, through the public API (idempotent). */
    private void seed() {
        String admin = token("platform-admin");
        for (String[] pg : List.of(new String[] { "hotel-a", "gw-a1" }, new String[] { "hotel-b", "gw-b1" })) {
            int status = post("/api/v1/properties", admin, Map.of("propertyId", pg[0], "name", pg[0]), false).status();
            require(status == 201 || status == 409, "create property " + pg[0] + ": " + status);
            String pem;
            try {
                pem = Files.readString(pki(pg[1] + ".crt"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            status = post("/api/v1/properties/" + pg[0] + "/gateways", admin,
                    Map.of("gatewayId", pg[1], "certificatePem", pem), false).status();
            require(status == 201 || status == 409, "register gateway " + pg[1] + ": " + status);
        }
    }

    /**
     * The web app signs in from the cloud's origin: Keycloak must accept its redirect URI and answer
     * its token requests with CORS headers for that origin. Production realms list their app origin;
     * the dev stack's cloud port varies, so the test adds it through the admin API when missing.
     */
    private void allowAppOrigin() {
        JsonNode admin = form(value("NEXEFII_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", value("NEXEFII_KEYCLOAK_ADMIN_USER"),
                        "password", value("NEXEFII_KEYCLOAK_ADMIN_PASSWORD")));
        String token = admin.path("access_token").asText();
        String base = value("NEXEFII_KEYCLOAK_URL") + "/admin/realms/" + value("NEXEFII_KEYCLOAK_REALM");
        JsonNode clients = send(HttpRequest.newBuilder(URI.create(base + "/clients?clientId="
                + value("NEXEFII_OIDC_MOBILE_CLIENT_ID"))).header("Authorization", "Bearer " + token).GET()).body();
        ObjectNode client = (ObjectNode) clients.get(0);
        String origin = cloudUrl();
        boolean changed = addIfMissing((ArrayNode) client.withArray("redirectUris"), origin + "/app/*")
                | addIfMissing((ArrayNode) client.withArray("webOrigins"), origin);
        if (changed) {
            try {
                Answer a = send(HttpRequest.newBuilder(URI.create(base + "/clients/" + client.path("id").asText()))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))));
                require(a.status() == 204, "Keycloak refused the app origin: " + a);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean addIfMissing(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return false;
            }
        }
        array.add(value);
        return true;
    }

    private static E2eStack start() {
        String given = System.getProperty("NEXEFII_STACK_ENV", System.getenv("NEXEFII_STACK_ENV"));
        if (given != null && !given.isBlank()) {
            return new E2eStack(load(Path.of(given)));
        }
        Path repo = Path.of(System.getProperty("nexefii.repo.dir", "../..")).toAbsolutePath().normalize();
        Path stackDir = targetDir().resolve("e2e-stack");
        Path war = repo.resolve("cloud-ear/nexefii-cloud-war/target/nexefii-cloud.war");
        require(Files.exists(war), "build the WAR first (mvn -pl cloud-ear/nexefii-cloud-war -am package): " + war);
        Path scripts = repo.resolve("integration-tests/stack");
        Map<String, String> extra = new HashMap<>();
        extra.put("NEXEFII_STACK_DIR", stackDir.toString());
        extra.put("NEXEFII_PORT_BASE", "auto");
        extra.put("NEXEFII_CLOUD_WAR", war.toString());
        extra.put("NEXEFII_CREDENTIAL_KEY_DIR", stackDir.resolve("cloud-credential-keys").toString());
        extra.put("NEXEFII_COMMAND_SWEEP_INTERVAL", "PT1S");
        // the tests play gw-a1 and gw-b1 themselves (SimulatedGateway): the broker makes the
        // certificate CN the client id, so a running gateway and the simulated one would keep
        // taking each other's session. gw-a2 is a real gateway (OSGi, simulated locks, local API
        // with a certificate from the stack's CA) for opening doors on the "hotel network".
        writeGatewayList(stackDir);
        extra.put("NEXEFII_GATEWAYS_RUN", REAL_GATEWAY);
        run(scripts.resolve("up.sh"), extra, 900, "--detach");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(scripts.resolve("down.sh"), extra, 300)));
        return new E2eStack(load(stackDir.resolve("stack.env")));
    }

    /** The real gateway of the e2e stack (hotel-a), beside the simulated gw-a1 and gw-b1. */
    public static final String REAL_GATEWAY = "gw-a2";

    private static void writeGatewayList(Path stackDir) {
        try {
            Files.createDirectories(stackDir);
            Path list = stackDir.resolve("gateways.conf");
            if (!Files.exists(list)) {
                Files.writeString(list, "# web-app-e2e: gw-a1 and gw-b1 are simulated by the tests, gw-a2 runs\n"
                        + "hotel-a gw-a1\nhotel-b gw-b1\n");
            }
            if (Files.readAllLines(list).stream().noneMatch(l -> l.trim().equals("hotel-a " + REAL_GATEWAY))) {
                Files.writeString(list, "hotel-a " + REAL_GATEWAY + "\n", java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local API URL of a gateway the stack runs, from stack.env. */
    public String gatewayLocalApiUrl(String gatewayId) {
        // indexes follow the gateway list; gateways the stack does not run have none
        for (int i = 0; i < 100; i++) {
            if (gatewayId.equals(env.get("NEXEFII_GATEWAY_" + i + "_ID"))) {
                return value("NEXEFII_GATEWAY_" + i + "_LOCAL_API_URL");
            }
        }
        throw new IllegalStateException("the stack runs no gateway " + gatewayId + " (build the gateway and its packages first: mvn -pl "
                + "bundles/com.nexefii.gateway.runtime -am install -DskipTests, then mvn -f kura-deployment-packages/pom.xml "
                + "install -DskipTests; a reused stack needs gw-a2 in its gateways.conf)");
    }

    private static void run(Path script, Map<String, String> extra, int timeoutSeconds, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().putAll(extra);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " timed out");
            }
            require(p.exitValue() == 0, script + " failed with exit code " + p.exitValue());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Map<String, String> map = new HashMap<>();
        p.forEach((k, v) -> map.put(k.toString(), v.toString()));
        require(!map.getOrDefault("NEXEFII_CLOUD_URL", "").isBlank(), "the stack runs no cloud: " + file);
        return map;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
