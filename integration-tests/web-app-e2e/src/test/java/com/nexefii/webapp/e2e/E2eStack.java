package com.nexefii.webapp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexefii.stack.fixture.Http;
import com.nexefii.stack.fixture.RunningStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real stack the tests run against ({@link RunningStack}: PostgreSQL, Keycloak with the
 * project's realm, Mosquitto with mTLS, and the cloud WAR with the web app on Payara Micro; reused
 * when NEXEFII_STACK_ENV names one, else started in target/e2e-stack and stopped at JVM exit), with
 * the web app's origin allowed in Keycloak and one real gateway for opening doors locally.
 */
public final class E2eStack {

    static final ObjectMapper JSON = new ObjectMapper();
    private static E2eStack instance;

    private final RunningStack stack;

    private E2eStack(RunningStack stack) {
        this.stack = stack;
    }

    public static synchronized E2eStack get() {
        if (instance == null) {
            instance = new E2eStack(start());
            instance.stack.registerGateways(List.of(new String[] { "hotel-a", "gw-a1" }, new String[] { "hotel-b", "gw-b1" }));
            instance.allowAppOrigin();
        }
        return instance;
    }

    public String value(String key) {
        return stack.value(key);
    }

    public String cloudUrl() {
        return stack.cloudUrl();
    }

    public String appUrl() {
        return cloudUrl() + "/app/";
    }

    public Path pki(String file) {
        return stack.pki(file);
    }

    public static Path targetDir() {
        return Path.of(System.getProperty("nexefii.e2e.dir", "target")).toAbsolutePath();
    }

    /** A test user's access token (password grant: the test stack enables it on the mobile client only). */
    public String token(String user) {
        return stack.token(user);
    }

    public record Answer(int status, JsonNode body) {
    }

    public Answer get(String path, String token) {
        return answer(stack.http().request("GET", path, token, null, null, Map.of("Accept", "application/json")));
    }

    public Answer post(String path, String token, Object body, boolean idempotent) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        if (idempotent) {
            headers.put("Idempotency-Key", UUID.randomUUID().toString());
        }
        return answer(stack.http().post(path, token, body, headers));
    }

    public Answer put(String path, String token, Object body) {
        try {
            return answer(stack.http().request("PUT", path, token, "application/json", JSON.writeValueAsString(body),
                    Map.of("Accept", "application/json")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer answer(Http.Answer a) {
        return new Answer(a.status(), a.body() == null || a.body().isBlank() ? JSON.nullNode() : a.json());
    }

    /** Checks a guest in for the given locks, valid from a minute ago for a day. */
    public String checkIn(String staffToken, String propertyId, String holder, List<String> lockIds) {
        var now = java.time.Instant.now();
        Answer a = post("/api/v1/properties/" + propertyId + "/stays", staffToken, Map.of("holder", holder, "lockIds", lockIds,
                "validFrom", now.minusSeconds(60).toString(), "validUntil", now.plus(Duration.ofDays(1)).toString()), false);
        require(a.status() == 201, "check-in of " + holder + ": " + a);
        return a.body().path("stayId").asText();
    }

    /**
     * The web app signs in from the cloud's origin: Keycloak must accept its redirect URI and answer
     * its token requests with CORS headers for that origin. Production realms list their app origin;
     * the dev stack's cloud port varies, so the test adds it through the admin API when missing.
     */
    private void allowAppOrigin() {
        JsonNode admin = stack.http().form(value("NEXEFII_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", value("NEXEFII_KEYCLOAK_ADMIN_USER"),
                        "password", value("NEXEFII_KEYCLOAK_ADMIN_PASSWORD")));
        String token = admin.path("access_token").asText();
        String base = value("NEXEFII_KEYCLOAK_URL") + "/admin/realms/" + value("NEXEFII_KEYCLOAK_REALM");
        JsonNode clients = stack.http().get(base + "/clients?clientId=" + value("NEXEFII_OIDC_MOBILE_CLIENT_ID"), token).json();
        ObjectNode client = (ObjectNode) clients.get(0);
        String origin = cloudUrl();
        boolean changed = addIfMissing((ArrayNode) client.withArray("redirectUris"), origin + "/app/*")
                | addIfMissing((ArrayNode) client.withArray("webOrigins"), origin);
        if (changed) {
            Http.Answer a = stack.http().request("PUT", base + "/clients/" + client.path("id").asText(), token,
                    "application/json", client.toString(), Map.of());
            require(a.status() == 204, "Keycloak refused the app origin: " + a);
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

    private static RunningStack start() {
        Path repo = Path.of(System.getProperty("nexefii.repo.dir", "../..")).toAbsolutePath().normalize();
        Path stackDir = targetDir().resolve("e2e-stack");
        Path war = repo.resolve("cloud-ear/nexefii-cloud-war/target/nexefii-cloud.war");
        Map<String, String> settings = new HashMap<>();
        settings.put("NEXEFII_CLOUD_WAR", war.toString());
        settings.put("NEXEFII_CREDENTIAL_KEY_DIR", stackDir.resolve("cloud-credential-keys").toString());
        settings.put("NEXEFII_COMMAND_SWEEP_INTERVAL", "PT1S");
        // the tests play gw-a1 and gw-b1 themselves (SimulatedGateway): the broker makes the
        // certificate CN the client id, so a running gateway and the simulated one would keep
        // taking each other's session. gw-a2 is a real gateway (OSGi, simulated locks, local API
        // with a certificate from the stack's CA) for opening doors on the "hotel network".
        settings.put("NEXEFII_GATEWAYS_RUN", REAL_GATEWAY);
        if (System.getProperty("NEXEFII_STACK_ENV", System.getenv("NEXEFII_STACK_ENV")) == null) {
            require(Files.exists(war), "build the WAR first (mvn -pl cloud-ear/nexefii-cloud-war -am package): " + war);
            writeGatewayList(stackDir);
        }
        return RunningStack.reuseOrStart(repo, stackDir, settings);
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
            if (gatewayId.equals(stack.valueOrNull("NEXEFII_GATEWAY_" + i + "_ID"))) {
                return value("NEXEFII_GATEWAY_" + i + "_LOCAL_API_URL");
            }
        }
        throw new IllegalStateException("the stack runs no gateway " + gatewayId + " (build the gateway and its packages first: mvn -pl "
                + "bundles/com.nexefii.gateway.runtime -am install -DskipTests, then mvn -f kura-deployment-packages/pom.xml "
                + "install -DskipTests; a reused stack needs gw-a2 in its gateways.conf)");
    }

    static void require(boolean condition, String message) {
        RunningStack.require(condition, message);
    }
}
