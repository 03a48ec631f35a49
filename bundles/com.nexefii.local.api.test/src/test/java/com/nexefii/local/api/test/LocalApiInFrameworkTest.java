package com.nexefii.local.api.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.policy.cache.PolicyCache;
import com.nexefii.lock.testing.RecordingListener;

@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = Fixtures.PROPERTY),
        @Property(key = "gatewayId", value = "gw-it") })
@WithConfiguration(pid = PolicyCache.PID, location = "?", properties = {
        @Property(key = "scheduleTimeZone", value = "UTC") })
@WithFactoryConfiguration(factoryPid = "com.nexefii.lock.simulator", name = "api", location = "?", properties = {
        @Property(key = "adapterId", value = "it-sim"),
        @Property(key = "lockCount", value = "4"),
        @Property(key = "lockIdPrefix", value = "room-"),
        @Property(key = "latencyMinMillis", value = "20"),
        @Property(key = "latencyMaxMillis", value = "40"),
        @Property(key = "doorOpenAfterUnlockProbability", value = "0"),
        @Property(key = "randomSeed", value = "7") })
class LocalApiInFrameworkTest {

    private static final String ROOM = "room-001";

    @InjectBundleContext
    static BundleContext context;

    @InjectService
    static ConfigurationAdmin configurationAdmin;

    static Fixtures fixtures;
    static Path dir;
    static int port;
    static HttpClient https;
    static Configuration api;

    @InjectService(timeout = 10_000)
    PolicyCache policy;

    @InjectService(timeout = 10_000)
    LockRouter router;

    @BeforeAll
    static void givenTheLocalApiOnItsOwnHttpsPort() throws Exception {
        fixtures = new Fixtures();
        dir = Files.createTempDirectory("local-api-it");
        Path keystore = Fixtures.keystore(dir);
        port = Fixtures.freePort();
        https = HttpClient.newBuilder().sslContext(Fixtures.trusting(keystore))
                .connectTimeout(Duration.ofSeconds(5)).build();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("bindAddress", "127.0.0.1");
        properties.put("port", port);
        properties.put("keystorePath", keystore.toString());
        properties.put("keystorePassword", Fixtures.STORE_PASSWORD);
        properties.put("tokenIssuer", Fixtures.ISSUER);
        properties.put("jwks", fixtures.keycloakJwks());
        properties.put("callerBurst", 50);
        properties.put("maxRequestBytes", 1024);
        properties.put("dataDirectory", dir.resolve("api").toString());
        api = configurationAdmin.getConfiguration("com.nexefii.local.api", "?");
        api.update(properties);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> post("/api/v1/locks/" + ROOM + "/unlock", null, "").statusCode() == 401);
    }

    @AfterAll
    static void removeTheApi() throws IOException {
        if (api != null) {
            api.delete();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static HttpResponse<String> post(String path, String authorization, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long applySnapshot() {
        await().atMost(Duration.ofSeconds(10)).until(() -> router.locks().size() == 4);
        long version = policy.version() + 10;
        assertThat(policy.apply(fixtures.cloud.snapshot(version, List.of("room-001", "room-002", "room-003"))).applied())
                .isTrue();
        return version;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Fixtures.JSON.readTree(response.body());
    }

    @Test
    void givenFloorStaff_whenUnlockingASimulatedLockOverHttps_then200AndDecisionAndResultAudited() throws Exception {
        applySnapshot();
        try (RecordingListener audit = new RecordingListener(context)) {

            HttpResponse<String> response = post("/api/v1/locks/" + ROOM + "/unlock",
                    "Bearer " + fixtures.staffToken("staff-it", "staff"), "{\"relockAfterSeconds\": 3}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("outcome").asText()).isEqualTo("OK");
            assertThat(body.get("decision").asText()).isEqualTo("STAFF_ZONE");
            assertThat(body.at("/state/bolt").asText()).isEqualTo("UNLOCKED");
            String commandId = body.get("commandId").asText();
            LockEvent granted = audit.awaitEvent(e -> e.type() == LockEventType.ACCESS_GRANTED
                    && ROOM.equals(e.lockId()));
            LockEvent result = audit.awaitEvent(e -> e.type() == LockEventType.COMMAND_RESULT
                    && commandId.equals(e.attributes().get("commandId")));
            assertThat(granted.attributes()).containsEntry("credentialId", "staff-it").containsEntry("method", "staff");
            assertThat(result.attributes()).containsEntry("outcome", "OK").containsEntry("requestedBy", "staff-it");
            assertThat(granted.sequence()).isLessThan(result.sequence());
        }
    }

    @Test
    void givenNoTokenOrAForeignToken_whenUnlocking_then401ProblemJsonAndTheLockUntouched() throws Exception {
        HttpResponse<String> none = post("/api/v1/locks/" + ROOM + "/unlock", null, "");
        HttpResponse<String> garbage = post("/api/v1/locks/" + ROOM + "/unlock", "Bearer not.a.token", "");

        for (HttpResponse<String> response : List.of(none, garbage)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("Bearer");
            JsonNode problem = json(response);
            assertThat(problem.get("type").asText()).isEqualTo("https://nexefii.com/problems/unauthorized");
            assertThat(problem.get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void givenStaffToken_whenUnlockingALockThisGatewayDoesNotHave_then404() throws Exception {
        applySnapshot();

        HttpResponse<String> response = post("/api/v1/locks/room-404/unlock",
                "Bearer " + fixtures.staffToken("staff-it", "staff"), "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("type").asText()).endsWith("/unknown-lock");
    }

    @Test
    void givenAnOversizedBody_whenUnlocking_then413() throws Exception {
        HttpResponse<String> response = post("/api/v1/locks/" + ROOM + "/unlock",
                "Bearer " + fixtures.staffToken("staff-it", "staff"), "{\"pad\":\"" + "x".repeat(2000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("type").asText()).endsWith("/payload-too-large");
    }

    @Test
    void givenAMobileKey_whenUnlocking_then200_andOnceRevokedByADelta_then403Revoked() throws Exception {
        long version = applySnapshot();
        String key = fixtures.cloud.mobileKey("mk-it-api", "room-002", Instant.now());

        HttpResponse<String> before = post("/api/v1/locks/room-002/unlock", "MobileKey " + key, "");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(json(before).get("decision").asText()).isEqualTo("GRANTED");

        assertThat(policy.apply(fixtures.cloud.revocation(version, version + 1, "mk-it-api", Instant.now().plusSeconds(7200))).applied()).isTrue();

        HttpResponse<String> after = post("/api/v1/locks/room-002/unlock", "MobileKey " + key, "");
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(json(after).get("reason").asText()).isEqualTo("REVOKED");
    }

    @Test
    void givenStaffLocksDownAZone_whenAGuestKeyIsUsedThere_then403Lockdown_untilAnAdminLiftsIt() throws Exception {
        applySnapshot();
        String key = fixtures.cloud.mobileKey("mk-it-lockdown", "room-003", Instant.now());

        HttpResponse<String> lockdown = post("/api/v1/zones/floor-1/lockdown",
                "Bearer " + fixtures.staffToken("staff-it", "staff"), "{\"on\": true}");
        assertThat(lockdown.statusCode()).as(lockdown.body()).isEqualTo(200);
        assertThat(json(lockdown).get("results").findValuesAsText("outcome")).containsOnly("OK").hasSize(3);

        HttpResponse<String> denied = post("/api/v1/locks/room-003/unlock", "MobileKey " + key, "");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("reason").asText()).isEqualTo("LOCKDOWN");

        HttpResponse<String> staffLift = post("/api/v1/zones/floor-1/lockdown",
                "Bearer " + fixtures.staffToken("staff-it", "staff"), "{\"on\": false}");
        assertThat(staffLift.statusCode()).isEqualTo(403);
        HttpResponse<String> adminLift = post("/api/v1/zones/floor-1/lockdown",
                "Bearer " + fixtures.staffToken("admin-it", "property-admin"), "{\"on\": false}");
        assertThat(adminLift.statusCode()).as(adminLift.body()).isEqualTo(200);
        assertThat(post("/api/v1/locks/room-003/unlock", "MobileKey " + key, "").statusCode()).isEqualTo(200);
    }

    @Test
    void givenTheApiPort_whenSpokenToInPlainHttp_thenNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/lockdown"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("{\"on\":true}")).build();

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
    }
}
