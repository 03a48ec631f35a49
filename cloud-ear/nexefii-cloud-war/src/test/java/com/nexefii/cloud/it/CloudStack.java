package com.nexefii.cloud.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real stack the integration tests run against: PostgreSQL, Keycloak (project realm), Mosquitto
 * (mTLS, per-gateway ACLs) and this WAR on Payara Micro, all started by the shared scripts
 * ({@code integration-tests/stack/up.sh}). A stack already running is reused when
 * {@code NEXEFII_STACK_ENV} (environment or system property) names its stack.env; otherwise one is
 * started on free ports in {@code target/it-stack} and stopped when the test JVM exits.
 */
public final class CloudStack {

    /**
     * Gateway identities only these tests use (certificates and ACLs from add-gateway.sh): the
     * stack's own gateways (gw-a1, gw-b1) may be running, and two clients with one identity would
     * take each other's MQTT session over.
     */
    public static final String[][] TEST_GATEWAYS = { { "hotel-a", "itgw-a" }, { "hotel-b", "itgw-b" } };

    private static CloudStack instance;

    private final Map<String, String> env;
    private final Http http;

    private CloudStack(Map<String, String> env) {
        this.env = env;
        this.http = new Http(env.get("NEXEFII_CLOUD_URL"));
    }

    public static synchronized CloudStack get() {
        if (instance == null) {
            instance = start();
            instance.addTestGateways();
            instance.seed();
        }
        return instance;
    }

    private void addTestGateways() {
        Path scripts = Path.of(System.getProperty("nexefii.module.dir", ".")).toAbsolutePath().getParent().getParent()
                .resolve("integration-tests/stack");
        for (String[] pg : TEST_GATEWAYS) {
            if (!Files.exists(pki(pg[1] + ".p12"))) {
                run(scripts.resolve("add-gateway.sh"), Map.of("NEXEFII_STACK_DIR", value("NEXEFII_STACK_DIR")), 120,
                        pg[0], pg[1]);
            }
        }
    }

    public String value(String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("stack.env has no " + key);
        }
        return v;
    }

    /**
     * Whether the cloud runs with the benchmark endpoints on ({@code nexefii.bench.enabled}): never
     * in a stack these tests start (the default is off); for a reused stack, as
     * {@code NEXEFII_BENCH_ENABLED} (environment or system property) says.
     */
    public boolean benchEnabled() {
        String flag = env.getOrDefault("NEXEFII_BENCH_ENABLED",
                System.getProperty("NEXEFII_BENCH_ENABLED", System.getenv("NEXEFII_BENCH_ENABLED")));
        return Boolean.parseBoolean(flag);
    }

    public Http http() {
        return http;
    }

    public String cloudUrl() {
        return value("NEXEFII_CLOUD_URL");
    }

    public Path pki(String file) {
        return Path.of(value("NEXEFII_PKI_DIR"), file);
    }

    private record Issued(String token, long at) {
    }

    private final Map<String, Issued> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A user's access token (password grant; the test stack enables it on the mobile client),
     * reused for two minutes (it lives five): Keycloak's brute-force protection has been seen
     * disabling a user for a while after a burst of logins, successful ones included.
     */
    public String token(String user) {
        long now = System.nanoTime();
        Issued issued = tokens.get(user);
        if (issued == null || now - issued.at() > TimeUnit.MINUTES.toNanos(2)) {
            issued = new Issued(token(value("NEXEFII_OIDC_TOKEN_URL"), value("NEXEFII_OIDC_MOBILE_CLIENT_ID"), user,
                    "test-" + user + "-pass"), now);
            tokens.put(user, issued);
        }
        return issued.token();
    }

    public String token(String tokenUrl, String clientId, String user, String password) {
        JsonNode answer = http.form(tokenUrl, Map.of("grant_type", "password", "client_id", clientId, "username", user,
                "password", password, "scope", "openid"));
        if (!answer.has("access_token")) {
            throw new IllegalStateException("no token for " + user + ": " + answer);
        }
        return answer.path("access_token").asText();
    }

    public GatewayClient gateway(String propertyId, String gatewayId) {
        return new GatewayClient(this, propertyId, gatewayId);
    }

    /** The test properties and gateways, through the public API (idempotent). */
    private void seed() {
        String admin = token("platform-admin");
        for (String[] pg : TEST_GATEWAYS) {
            int status = http.post("/api/v1/properties", admin, Map.of("propertyId", pg[0], "name", pg[0]), Map.of()).status();
            require(status == 201 || status == 409, "create property " + pg[0] + ": " + status);
            String pem;
            try {
                pem = Files.readString(pki(pg[1] + ".crt"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            status = http.post("/api/v1/properties/" + pg[0] + "/gateways", admin,
                    Map.of("gatewayId", pg[1], "certificatePem", pem), Map.of()).status();
            require(status == 201 || status == 409, "register gateway " + pg[1] + ": " + status);
        }
    }

    private static CloudStack start() {
        String given = System.getProperty("NEXEFII_STACK_ENV", System.getenv("NEXEFII_STACK_ENV"));
        if (given != null && !given.isBlank()) {
            return new CloudStack(load(Path.of(given)));
        }
        Path module = Path.of(System.getProperty("nexefii.module.dir", ".")).toAbsolutePath();
        Path repo = module.getParent().getParent();
        Path stackDir = module.resolve("target/it-stack");
        Path war = module.resolve("target/nexefii-cloud.war");
        require(Files.exists(war), "build the WAR first (mvn package): " + war);
        Path scripts = repo.resolve("integration-tests/stack");
        Map<String, String> extra = new HashMap<>();
        extra.put("NEXEFII_STACK_DIR", stackDir.toString());
        extra.put("NEXEFII_PORT_BASE", "auto");
        extra.put("NEXEFII_CLOUD_WAR", war.toString());
        // these tests play the gateways themselves (GatewayClient): no simulated gateway processes
        extra.put("NEXEFII_GATEWAY_JAR", stackDir.resolve("no-gateway-processes.jar").toString());
        // test-only settings of the cloud (inherited by Payara Micro through the environment)
        extra.put("NEXEFII_CREDENTIAL_KEY_DIR", stackDir.resolve("cloud-credential-keys").toString());
        extra.put("NEXEFII_WEBHOOK_ALLOWED_SCHEMES", "http,https");
        // the tests' webhook receivers listen on 127.0.0.1, which only an allow list opens
        extra.put("NEXEFII_WEBHOOK_ALLOWED_ADDRESSES", "127.0.0.1");
        extra.put("NEXEFII_WEBHOOK_INITIAL_BACKOFF", "PT1S");
        extra.put("NEXEFII_COMMAND_SWEEP_INTERVAL", "PT1S");
        run(scripts.resolve("up.sh"), extra, 900, "--detach");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(scripts.resolve("down.sh"), extra, 300)));
        return new CloudStack(load(stackDir.resolve("stack.env")));
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

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
