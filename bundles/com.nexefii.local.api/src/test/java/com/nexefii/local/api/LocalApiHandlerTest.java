package com.nexefii.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.Outcome;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;

/** The API's answers, status by status, with fakes behind it. */
class LocalApiHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "sim-a-101";
    private static final String OTHER_GATEWAYS_LOCK = "sim-a-999";

    @TempDir
    Path dir;

    final Fakes.Policy policy = new Fakes.Policy();
    final Fakes.Router router = new Fakes.Router();
    final Fakes.Publisher publisher = new Fakes.Publisher();
    // RSA key generation is slow: one key for the whole class
    static final KeycloakSigner keycloak = new KeycloakSigner("kc-1");
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    KeycloakKeys keys;
    LocalApiHandler handler;

    static LocalApiOptions options(Path dir, String jwks) {
        return new LocalApiOptions("127.0.0.1", 8443, dir.resolve("keystore.p12"), "changeit", "changeit", "PKCS12",
                KeycloakSigner.ISSUER, KeycloakSigner.AUDIENCE, URI.create("http://127.0.0.1:1/certs"), jwks,
                Duration.ofMinutes(10), Set.of("staff", "property-admin"), Set.of("property-admin"),
                Duration.ofSeconds(30), 256, 30, 5, 120, 20, Duration.ofMillis(300), dir, Set.of("https://app.example.com"));
    }

    @BeforeEach
    void givenAGatewayWithOneRoomAndKeycloakKeysInTheConfiguration() {
        router.locks.add(ROOM);
        router.locks.add("sim-a-102");
        policy.zones.put("floor-1", Set.of(ROOM, "sim-a-102", OTHER_GATEWAYS_LOCK));
        LocalApiOptions options = options(dir, keycloak.publicJwks());
        keys = new KeycloakKeys(options.jwksUrl(), options.jwksRefresh(), dir, options.jwks());
        handler = new LocalApiHandler(options, policy, router, publisher,
                new StaffTokenVerifier(keys, options, "hotel-a"), Clock.systemUTC(), nanos::get);
    }

    @AfterEach
    void closeKeys() {
        keys.close();
    }

    private ApiResponse post(String path, String authorization, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return handler.handle(new ApiRequest("POST", path, authorization, bytes.length, "192.0.2.10", true,
                new ByteArrayInputStream(bytes)));
    }

    private ApiResponse staffUnlock(String token) {
        return post("/api/v1/locks/" + ROOM + "/unlock", "Bearer " + token, null);
    }

    private static JsonNode json(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertProblem(ApiResponse response, int status, String slug) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("https://nexefii.com/problems/" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
    }

    @Test
    void givenFloorStaffToken_whenUnlocking_then200AndTheRouterGetsTheCommandFromThatStaffMember() {
        ApiResponse response = post("/api/v1/locks/" + ROOM + "/unlock",
                "Bearer " + keycloak.token("staff-a", "hotel-a", "staff"), "{\"relockAfterSeconds\": 7}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = json(response);
        assertThat(body.get("outcome").asText()).isEqualTo("OK");
        assertThat(body.get("decision").asText()).isEqualTo("STAFF_ZONE");
        assertThat(body.at("/state/bolt").asText()).isEqualTo("UNLOCKED");
        LockCommand command = router.commands.get(0);
        assertThat(command.type()).isEqualTo(CommandType.UNLOCK);
        assertThat(command.lockId()).isEqualTo(ROOM);
        assertThat(command.requestedBy()).isEqualTo("staff-a");
        assertThat(command.relockAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.requests).singleElement().isInstanceOfSatisfying(StaffRequest.class,
                r -> assertThat(r.roles()).contains("staff"));
    }

    @Test
    void givenStaffToken_whenLocking_thenLockCommandSent() {
        ApiResponse response = post("/api/v1/locks/" + ROOM + "/lock",
                "Bearer " + keycloak.token("staff-a", "hotel-a", "staff"), "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(router.commands.get(0).type()).isEqualTo(CommandType.LOCK);
    }

    @Test
    void givenNoAuthorization_whenUnlocking_then401ProblemWithChallengeAndNothingRouted() {
        ApiResponse response = post("/api/v1/locks/" + ROOM + "/unlock", null, null);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).contains("Bearer").contains("MobileKey");
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenBasicAuthorization_whenUnlocking_then401() {
        assertProblem(post("/api/v1/locks/" + ROOM + "/unlock", "Basic c3RhZmY6cGFzcw==", null), 401, "unauthorized");
    }

    @Test
    void givenExpiredToken_whenUnlocking_then401AndTheAttemptAudited() {
        String expired = keycloak.token("staff-a", c -> c.expirationTime(new Date(System.currentTimeMillis() - 120_000)));

        ApiResponse response = staffUnlock(expired);

        assertProblem(response, 401, "unauthorized");
        assertThat(json(response).get("detail").asText()).contains("Expired");
        assertThat(publisher.last().type()).isEqualTo(LockEventType.ACCESS_DENIED);
        assertThat(publisher.last().attributes()).containsEntry("reason", "INVALID_TOKEN").containsEntry("lockId", ROOM);
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenTokenSignedByAnUnknownKey_whenUnlocking_then401() {
        String forged = new KeycloakSigner("kc-1").token("staff-a", "hotel-a", "staff");

        assertProblem(staffUnlock(forged), 401, "unauthorized");
    }

    @Test
    void givenTokenWithAnUnknownKid_whenUnlocking_then401() {
        assertProblem(staffUnlock(new KeycloakSigner("kc-2").token("staff-a", "hotel-a", "staff")), 401,
                "unauthorized");
    }

    @Test
    void givenHs256TokenKeyedWithThePublicKey_whenUnlocking_then401() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("kc-1").build(),
                KeycloakSigner.claims("staff-a", "hotel-a", List.of("staff")).build());
        jwt.sign(new MACSigner(keycloak.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));

        assertProblem(staffUnlock(jwt.serialize()), 401, "unauthorized");
    }

    @Test
    void givenTokenOfAnotherIssuer_whenUnlocking_then401() {
        assertProblem(staffUnlock(keycloak.token("staff-a", c -> c.issuer("http://evil/realms/nexefii"))), 401,
                "unauthorized");
    }

    @Test
    void givenTokenForAnotherAudience_whenUnlocking_then401() {
        assertProblem(staffUnlock(keycloak.token("staff-a", c -> c.audience("account"))), 401, "unauthorized");
    }

    @Test
    void givenStaffTokenOfAnotherProperty_whenUnlocking_then403WrongPropertyAudited() {
        ApiResponse response = staffUnlock(keycloak.token("staff-b", "hotel-b", "staff"));

        assertProblem(response, 403, "access-denied");
        assertThat(json(response).get("reason").asText()).isEqualTo("WRONG_PROPERTY");
        assertThat(publisher.last().attributes()).containsEntry("reason", "WRONG_PROPERTY")
                .containsEntry("credentialId", "staff-b");
    }

    @Test
    void givenGuestToken_whenUnlocking_then403NotPermitted() {
        ApiResponse response = staffUnlock(keycloak.token("guest-a1", "hotel-a", "guest"));

        assertProblem(response, 403, "access-denied");
        assertThat(json(response).get("reason").asText()).isEqualTo("NOT_PERMITTED");
    }

    @Test
    void givenStaffOutsideTheirZones_whenUnlocking_then403WithThePolicysReason() {
        policy.staff = r -> Reason.NOT_PERMITTED;

        ApiResponse response = staffUnlock(keycloak.token("staff-a", "hotel-a", "staff"));

        assertProblem(response, 403, "access-denied");
        assertThat(json(response).get("reason").asText()).isEqualTo("NOT_PERMITTED");
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenUnknownLock_whenUnlocking_then404AndAudited() {
        ApiResponse response = post("/api/v1/locks/sim-x-1/unlock",
                "Bearer " + keycloak.token("staff-a", "hotel-a", "staff"), null);

        assertProblem(response, 404, "unknown-lock");
        assertThat(json(response).get("lockId").asText()).isEqualTo("sim-x-1");
        assertThat(publisher.last().attributes()).containsEntry("reason", "UNKNOWN_LOCK");
    }

    @Test
    void givenUnknownPathOrBadLockId_whenPosting_then404() {
        assertProblem(post("/api/v1/doors/" + ROOM + "/open", null, null), 404, "not-found");
        assertProblem(post("/api/v1/locks/..%2F..%2Fetc/unlock", null, null), 404, "not-found");
        assertProblem(post("/api/v1/locks/" + ROOM + "/unlock/more", null, null), 404, "not-found");
    }

    @Test
    void givenGet_whenCallingUnlock_then405WithAllow() {
        ApiResponse response = handler.handle(new ApiRequest("GET", "/api/v1/locks/" + ROOM + "/unlock", null, 0,
                "192.0.2.10", true, InputStreamOf.empty()));

        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.header("Allow")).isEqualTo("POST");
    }

    @Test
    void givenPlainHttp_whenUnlocking_then403HttpsRequired() {
        ApiResponse response = handler.handle(new ApiRequest("POST", "/api/v1/locks/" + ROOM + "/unlock", null, 0,
                "192.0.2.10", false, InputStreamOf.empty()));

        assertProblem(response, 403, "https-required");
    }

    @Test
    void givenDeclaredBodyOverTheLimit_whenUnlocking_then413BeforeAnythingElse() {
        ApiResponse response = handler.handle(new ApiRequest("POST", "/api/v1/locks/" + ROOM + "/unlock", null, 10_000,
                "192.0.2.10", true, InputStreamOf.empty()));

        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void givenChunkedBodyOverTheLimit_whenUnlocking_then413() {
        String big = "{\"relockAfterSeconds\": 5, \"pad\": \"" + "x".repeat(1000) + "\"}";
        ApiResponse response = handler.handle(new ApiRequest("POST", "/api/v1/locks/" + ROOM + "/unlock",
                "Bearer " + keycloak.token("staff-a", "hotel-a", "staff"), -1, "192.0.2.10", true,
                new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))));

        assertProblem(response, 413, "payload-too-large");
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenMalformedBodies_whenUnlocking_then400Each() {
        List<String> bodies = List.of("{", "[1]", "{\"relockAfterSeconds\": \"5\"}", "{\"relockAfterSeconds\": 0}",
                "{\"relockAfterSeconds\": 5, \"relockAfterSeconds\": 6}", "{\"door\": \"open\"}");
        for (int i = 0; i < bodies.size(); i++) {
            String token = "Bearer " + keycloak.token("staff-" + i, "hotel-a", "staff");
            assertProblem(post("/api/v1/locks/" + ROOM + "/unlock", token, bodies.get(i)), 400, "malformed-request");
        }
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenACallerOverTheirBurst_whenUnlockingAgain_then429WithRetryAfter() {
        String token = keycloak.token("staff-a", "hotel-a", "staff");
        for (int i = 0; i < 5; i++) {
            assertThat(staffUnlock(token).status()).isEqualTo(200);
        }

        ApiResponse response = staffUnlock(token);

        assertProblem(response, 429, "rate-limited");
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
        assertThat(router.commands).hasSize(5);
        // another staff member is not slowed down by the first one's bucket
        assertThat(staffUnlock(keycloak.token("staff-b", "hotel-a", "staff")).status()).isEqualTo(200);
        // and the first one gets a token back after the refill time
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(staffUnlock(token).status()).isEqualTo(200);
    }

    @Test
    void givenAnAddressOverItsBurst_whenPostingEvenWithoutToken_then429() {
        for (int i = 0; i < 20; i++) {
            assertThat(post("/api/v1/locks/" + ROOM + "/unlock", null, null).status()).isEqualTo(401);
        }

        assertProblem(post("/api/v1/locks/" + ROOM + "/unlock", null, null), 429, "rate-limited");
    }

    @Test
    void givenALockThatNeverAnswers_whenUnlocking_then504() {
        router.behaviour = c -> null;

        ApiResponse response = staffUnlock(keycloak.token("staff-a", "hotel-a", "staff"));

        assertProblem(response, 504, "lock-timeout");
        assertThat(json(response).get("lockId").asText()).isEqualTo(ROOM);
    }

    @Test
    void givenAJammedLock_whenUnlocking_then409WithTheOutcome() {
        router.behaviour = c -> Outcome.JAMMED;

        ApiResponse response = staffUnlock(keycloak.token("staff-a", "hotel-a", "staff"));

        assertProblem(response, 409, "lock-refused");
        assertThat(json(response).get("outcome").asText()).isEqualTo("JAMMED");
    }

    @Test
    void givenMobileKeyThePolicyGrants_whenUnlocking_then200AndRequestedByTheCredential() {
        ApiResponse response = post("/api/v1/locks/" + ROOM + "/unlock", "MobileKey eyJ.mobile.key", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(router.commands.get(0).requestedBy()).isEqualTo("mk-1");
        assertThat(policy.requests).singleElement().isInstanceOfSatisfying(AccessRequest.class,
                r -> assertThat(r.credential()).isEqualTo("eyJ.mobile.key"));
    }

    @Test
    void givenForgedMobileKey_whenUnlocking_then401WithTheReason() {
        policy.mobileKeys = r -> Reason.BAD_SIGNATURE;

        ApiResponse response = post("/api/v1/locks/" + ROOM + "/unlock", "MobileKey eyJ.forged.key", null);

        assertProblem(response, 401, "unauthorized");
        assertThat(json(response).get("reason").asText()).isEqualTo("BAD_SIGNATURE");
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenRevokedMobileKey_whenUnlocking_then403Revoked() {
        policy.mobileKeys = r -> Reason.REVOKED;

        ApiResponse response = post("/api/v1/locks/" + ROOM + "/unlock", "MobileKey eyJ.revoked.key", null);

        assertProblem(response, 403, "access-denied");
        assertThat(json(response).get("reason").asText()).isEqualTo("REVOKED");
    }

    @Test
    void givenAuditStoreDown_whenMobileKeyUnlocks_then503AndNothingRouted() {
        policy.mobileKeys = r -> Reason.AUDIT_FAILED;

        assertProblem(post("/api/v1/locks/" + ROOM + "/unlock", "MobileKey eyJ.some.key", null), 503,
                "audit-unavailable");
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenStaff_whenLockingDownAZone_thenPolicyFirstThenOnlyThisGatewaysLocksCommanded() {
        ApiResponse response = post("/api/v1/zones/floor-1/lockdown",
                "Bearer " + keycloak.token("staff-a", "hotel-a", "staff"), "{\"on\": true}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(policy.lockdowns).containsExactly("floor-1=true");
        assertThat(router.commands).extracting(LockCommand::lockId).containsExactlyInAnyOrder(ROOM, "sim-a-102");
        assertThat(router.commands).extracting(LockCommand::type).containsOnly(CommandType.LOCKDOWN_ON);
        assertThat(json(response).get("results")).hasSize(2);
        assertThat(publisher.events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(LockEventType.LOCKDOWN_CHANGED);
            assertThat(e.attributes()).containsEntry("zone", "floor-1").containsEntry("requestedBy", "staff-a");
        });
    }

    @Test
    void givenStaff_whenLiftingALockdown_then403_butAPropertyAdminMay() {
        String staff = "Bearer " + keycloak.token("staff-a", "hotel-a", "staff");
        String admin = "Bearer " + keycloak.token("admin-a", "hotel-a", "property-admin");

        assertProblem(post("/api/v1/lockdown", staff, "{\"on\": false}"), 403, "access-denied");
        assertThat(policy.lockdowns).isEmpty();

        assertThat(post("/api/v1/lockdown", admin, "{\"on\": false}").status()).isEqualTo(200);
        assertThat(policy.lockdowns).containsExactly("property=false");
        assertThat(router.commands).extracting(LockCommand::type).containsOnly(CommandType.LOCKDOWN_OFF);
    }

    @Test
    void givenMobileKey_whenLockingDown_then403() {
        assertProblem(post("/api/v1/lockdown", "MobileKey eyJ.some.key", "{\"on\": true}"), 403, "access-denied");
        assertThat(policy.lockdowns).isEmpty();
    }

    @Test
    void givenUnknownZoneOrMissingFlag_whenLockingDown_then404Or400() {
        String staff = "Bearer " + keycloak.token("staff-a", "hotel-a", "staff");

        assertProblem(post("/api/v1/zones/nowhere/lockdown", staff, "{\"on\": true}"), 404, "unknown-zone");
        assertProblem(post("/api/v1/lockdown", staff, "{}"), 400, "malformed-request");
        assertProblem(post("/api/v1/lockdown", staff, "{\"on\": \"yes\"}"), 400, "malformed-request");
    }

    @Test
    void givenALockThatDoesNotAnswer_whenLockingDownTheProperty_then504ListingEachLock() {
        router.behaviour = c -> c.lockId().equals(ROOM) ? null : Outcome.OK;

        ApiResponse response = post("/api/v1/lockdown", "Bearer " + keycloak.token("staff-a", "hotel-a", "staff"),
                "{\"on\": true}");

        assertProblem(response, 504, "lock-timeout");
        assertThat(json(response).get("results").findValuesAsText("outcome")).containsExactlyInAnyOrder("TIMEOUT", "OK");
        assertThat(policy.lockdowns).containsExactly("property=true");
    }

    @Test
    void givenManyAnswers_whenCounted_thenEveryStatusCounted() {
        post("/api/v1/locks/" + ROOM + "/unlock", null, null);
        staffUnlock(keycloak.token("staff-a", "hotel-a", "staff"));

        assertThat(handler.answerCounts()).containsEntry(401, 1L).containsEntry(200, 1L);
    }

    private ApiResponse fromPage(String method, String origin, String authorization, String preflightMethod,
            boolean privateNetwork) {
        return handler.handle(new ApiRequest(method, "/api/v1/locks/" + ROOM + "/unlock", authorization, 0, "192.0.2.10",
                true, InputStreamOf.empty(), origin, preflightMethod, privateNetwork));
    }

    @Test
    void givenAPreflightFromTheConfiguredAppOrigin_whenAnswered_thenThatOriginPostAndTheAuthorizationHeaderAreAllowed() {
        ApiResponse response = fromPage("OPTIONS", "https://app.example.com", null, "POST", true);

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(response.header("Access-Control-Allow-Headers")).contains("Authorization");
        assertThat(response.header("Access-Control-Allow-Private-Network")).isEqualTo("true");
        assertThat(response.header("Vary")).isEqualTo("Origin");
        assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(router.commands).isEmpty();
    }

    @Test
    void givenTheAppOrigin_whenAMobileKeyOpensTheDoor_thenTheAnswerIsReadableByThatOriginOnly() {
        ApiResponse response = fromPage("POST", "https://APP.example.com:443", "MobileKey eyJ.mobile.key", null, false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://APP.example.com:443");
        assertThat(response.header("Access-Control-Allow-Origin")).isNotEqualTo("*");
        assertThat(router.commands).hasSize(1);
    }

    @Test
    void givenAnotherOrigin_whenPreflightingOrPosting_then403BeforeAnythingHappensAndNoCorsHeaders() {
        ApiResponse preflight = fromPage("OPTIONS", "https://evil.example.net", null, "POST", true);
        ApiResponse post = fromPage("POST", "https://evil.example.net", "MobileKey eyJ.mobile.key", null, false);
        ApiResponse nullOrigin = fromPage("POST", "null", "MobileKey eyJ.mobile.key", null, false);

        assertProblem(preflight, 403, "origin-not-allowed");
        assertProblem(post, 403, "origin-not-allowed");
        assertProblem(nullOrigin, 403, "origin-not-allowed");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(post.header("Access-Control-Allow-Origin")).isNull();
        assertThat(router.commands).isEmpty();
        assertThat(policy.requests).isEmpty();
    }

    @Test
    void givenNoConfiguredOrigins_whenAPageCalls_thenRefused() {
        LocalApiOptions none = new LocalApiOptions("127.0.0.1", 8443, dir.resolve("keystore.p12"), "changeit", "changeit",
                "PKCS12", KeycloakSigner.ISSUER, KeycloakSigner.AUDIENCE, URI.create("http://127.0.0.1:1/certs"), "",
                Duration.ofMinutes(10), Set.of("staff"), Set.of("property-admin"), Duration.ofSeconds(30), 256, 30, 5,
                120, 20, Duration.ofMillis(300), dir, Set.of());
        LocalApiHandler denyAll = new LocalApiHandler(none, policy, router, publisher,
                new StaffTokenVerifier(keys, none, "hotel-a"), Clock.systemUTC(), nanos::get);

        assertProblem(denyAll.handle(new ApiRequest("OPTIONS", "/api/v1/locks/" + ROOM + "/unlock", null, 0, "192.0.2.10",
                true, InputStreamOf.empty(), "https://app.example.com", "POST", false)), 403, "origin-not-allowed");
    }

    @Test
    void givenOriginValues_whenNormalized_thenOnlyPlainHttpOriginsPass() {
        assertThat(CorsPolicy.normalize("https://App.Example.com:443")).isEqualTo("https://app.example.com");
        assertThat(CorsPolicy.normalize("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(CorsPolicy.normalize("*")).isNull();
        assertThat(CorsPolicy.normalize("https://*.example.com")).isNull();
        assertThat(CorsPolicy.normalize("null")).isNull();
        assertThat(CorsPolicy.normalize("https://app.example.com/app/")).isNull();
        assertThat(CorsPolicy.normalize("https://user@app.example.com")).isNull();
        assertThat(CorsPolicy.normalize("ftp://app.example.com")).isNull();
    }

    /** Small helper: an empty request body. */
    static final class InputStreamOf {
        static ByteArrayInputStream empty() {
            return new ByteArrayInputStream(new byte[0]);
        }
    }
}
