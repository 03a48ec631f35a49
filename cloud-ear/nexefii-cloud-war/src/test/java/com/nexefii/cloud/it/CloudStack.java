package com.nexefii.cloud.it;

import com.nexefii.stack.fixture.Http;
import com.nexefii.stack.fixture.RunningStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real stack the cloud's integration tests run against ({@link RunningStack}: reused when
 * {@code NEXEFII_STACK_ENV} names one, else started in {@code target/it-stack}), with the test
 * gateways these tests play themselves ({@link GatewayClient}) and no gateway processes.
 */
public final class CloudStack {

    /**
     * Gateway identities only these tests use (certificates and ACLs from add-gateway.sh): the
     * stack's own gateways (gw-a1, gw-b1) may be running, and two clients with one identity would
     * take each other's MQTT session over.
     */
    public static final String[][] TEST_GATEWAYS = { { "hotel-a", "itgw-a" }, { "hotel-b", "itgw-b" } };

    private static CloudStack instance;

    private final RunningStack stack;

    private CloudStack(RunningStack stack) {
        this.stack = stack;
    }

    public static synchronized CloudStack get() {
        if (instance == null) {
            instance = new CloudStack(start());
            instance.addTestGateways();
            instance.stack.registerGateways(List.of(TEST_GATEWAYS));
        }
        return instance;
    }

    private void addTestGateways() {
        for (String[] pg : TEST_GATEWAYS) {
            if (!Files.exists(pki(pg[1] + ".p12"))) {
                stack.runScript("add-gateway.sh", 120, pg[0], pg[1]);
            }
        }
    }

    public String value(String key) {
        return stack.value(key);
    }

    /**
     * Whether the cloud runs with the benchmark endpoints on ({@code nexefii.bench.enabled}): never
     * in a stack these tests start (the default is off); for a reused stack, as
     * {@code NEXEFII_BENCH_ENABLED} (environment or system property) says.
     */
    public boolean benchEnabled() {
        String flag = stack.valueOrNull("NEXEFII_BENCH_ENABLED");
        if (flag == null) {
            flag = System.getProperty("NEXEFII_BENCH_ENABLED", System.getenv("NEXEFII_BENCH_ENABLED"));
        }
        return Boolean.parseBoolean(flag);
    }

    public Http http() {
        return stack.http();
    }

    public String cloudUrl() {
        return stack.cloudUrl();
    }

    public Path pki(String file) {
        return stack.pki(file);
    }

    public String token(String user) {
        return stack.token(user);
    }

    public String token(String tokenUrl, String clientId, String user, String password) {
        return stack.token(tokenUrl, clientId, user, password);
    }

    public GatewayClient gateway(String propertyId, String gatewayId) {
        return new GatewayClient(this, propertyId, gatewayId);
    }

    private static RunningStack start() {
        Path module = Path.of(System.getProperty("nexefii.module.dir", ".")).toAbsolutePath();
        Path stackDir = module.resolve("target/it-stack");
        Path war = module.resolve("target/nexefii-cloud.war");
        Map<String, String> settings = new HashMap<>();
        settings.put("NEXEFII_CLOUD_WAR", war.toString());
        // these tests play the gateways themselves (GatewayClient): no simulated gateway processes
        settings.put("NEXEFII_GATEWAY_JAR", stackDir.resolve("no-gateway-processes.jar").toString());
        // test-only settings of the cloud (inherited by Payara Micro through the environment)
        settings.put("NEXEFII_CREDENTIAL_KEY_DIR", stackDir.resolve("cloud-credential-keys").toString());
        settings.put("NEXEFII_WEBHOOK_ALLOWED_SCHEMES", "http,https");
        // the tests' webhook receivers listen on 127.0.0.1, which only an allow list opens
        settings.put("NEXEFII_WEBHOOK_ALLOWED_ADDRESSES", "127.0.0.1");
        settings.put("NEXEFII_WEBHOOK_INITIAL_BACKOFF", "PT1S");
        settings.put("NEXEFII_COMMAND_SWEEP_INTERVAL", "PT1S");
        if (System.getProperty("NEXEFII_STACK_ENV", System.getenv("NEXEFII_STACK_ENV")) == null) {
            RunningStack.require(Files.exists(war), "build the WAR first (mvn package): " + war);
        }
        return RunningStack.reuseOrStart(module.getParent().getParent(), stackDir, settings);
    }
}
