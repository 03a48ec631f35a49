package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexefii.stack.fixture.Http;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens from the real Keycloak realm against the real Payara Micro: 401, 403, tenant isolation. */
class ApiSecurityIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    @Test
    void givenNoToken_whenCallingTheApi_thenUnauthorizedProblem() {
        Http.Answer a = http.get("/api/v1/properties/hotel-a/locks", null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().path("status").asInt()).isEqualTo(401);
    }

    @Test
    void givenTamperedOrForeignToken_whenCallingTheApi_thenUnauthorized() {
        String staff = stack.token("staff-a");
        String[] parts = staff.split("\\.");
        String forgedSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThat(http.get("/api/v1/properties/hotel-a/locks", forgedSignature).status()).isEqualTo(401);

        // a valid token of the same Keycloak but another realm (issuer) and client (audience)
        String master = stack.token(stack.value("NEXEFII_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token",
                "admin-cli", stack.value("NEXEFII_KEYCLOAK_ADMIN_USER"), stack.value("NEXEFII_KEYCLOAK_ADMIN_PASSWORD"));
        assertThat(http.get("/api/v1/properties/hotel-a/locks", master).status()).isEqualTo(401);
    }

    /**
     * The cloud answers a token it already verified from a cache keyed by the whole token
     * (VerifiedTokenCache): a token that differs from an accepted one in its claims or its key is
     * verified in full and refused, and the refusals neither evict nor poison the accepted one.
     * (Expiry of a cached token: VerifiedTokenCacheTest, with a clock.)
     */
    @Test
    void givenAnAcceptedToken_whenItsClaimsAreAlteredOrTheyAreSignedByAnUnknownKey_thenUnauthorizedWhileItStillWorks()
            throws Exception {
        String path = "/api/v1/properties/hotel-a/locks";
        String staff = stack.token("staff-a");
        assertThat(http.get(path, staff).status()).isEqualTo(200);
        assertThat(http.get(path, staff).status()).isEqualTo(200); // now answered from the cache

        String[] parts = staff.split("\\.");
        ObjectMapper json = new ObjectMapper();
        ObjectNode claims = (ObjectNode) json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        Function<Map<String, Object>, String> altered = changes -> {
            ObjectNode copy = claims.deepCopy();
            changes.forEach((name, value) -> copy.set(name, json.valueToTree(value)));
            return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(copy.toString()
                    .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        };
        // the accepted token's signature on other claims: another audience, another property, a later expiry
        assertThat(http.get(path, altered.apply(Map.of("aud", "another-api"))).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/properties/hotel-b/locks", altered.apply(Map.of("property_id", "hotel-b"))).status())
                .isEqualTo(401);
        assertThat(http.get(path, altered.apply(Map.of("exp", claims.path("exp").asLong() + 3600)))
                .status()).isEqualTo(401);

        // the same claims signed by a key the realm never published, under the realm key's id and under an unknown one
        String realmKeyId = json.readTree(Base64.getUrlDecoder().decode(parts[0])).path("kid").asText();
        for (String keyId : new String[] { realmKeyId, "rogue-key" }) {
            RSAKey rogue = new RSAKeyGenerator(2048).keyID(keyId).generate();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(keyId).build(), JWTClaimsSet.parse(claims.toString()));
            forged.sign(new RSASSASigner(rogue));
            assertThat(http.get(path, forged.serialize()).status()).as("signed by an unknown key " + keyId).isEqualTo(401);
        }

        assertThat(http.get(path, staff).status()).isEqualTo(200);
    }

    @Test
    void givenWrongRole_whenCallingAnEndpoint_thenForbiddenProblem() {
        Http.Answer guestOnStaffEndpoint = http.get("/api/v1/properties/hotel-a/locks", stack.token("guest-a1"));
        assertThat(guestOnStaffEndpoint.status()).isEqualTo(403);
        assertThat(guestOnStaffEndpoint.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/properties", stack.token("admin-a")).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/properties/hotel-a/webhooks", stack.token("staff-a"),
                Map.of("url", "https://example.invalid/x", "eventTypes", java.util.List.of("*")), Map.of()).status())
                .isEqualTo(403);
    }

    @Test
    void givenUserOfPropertyA_whenTouchingPropertyB_thenNotFoundWhateverTheIds() {
        String staffA = stack.token("staff-a");
        String adminA = stack.token("admin-a");
        for (String path : new String[] { "/api/v1/properties/hotel-b/locks", "/api/v1/properties/hotel-b/gateways",
                "/api/v1/properties/hotel-b/audit", "/api/v1/properties/hotel-b/stays",
                "/api/v1/properties/hotel-b/gateways/itgw-b", "/api/v1/properties/hotel-b" }) {
            Http.Answer a = http.get(path, staffA);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.json().path("type").asText()).endsWith("/not-found");
        }
        assertThat(http.post("/api/v1/properties/hotel-b/locks/any-lock/unlock", staffA, Map.of(),
                Map.of("Idempotency-Key", "it-cross-tenant-1")).status()).isEqualTo(404);
        assertThat(http.post("/api/v1/properties/hotel-b/gateways", adminA,
                Map.of("gatewayId", "gw-x", "certFingerprint", "00".repeat(32)), Map.of()).status()).isEqualTo(404);
        // the platform admin sees both
        assertThat(http.get("/api/v1/properties/hotel-b/gateways", stack.token("platform-admin")).status()).isEqualTo(200);
        // and the attempts are in property A's audit, for A's admins to see
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> http.get(
                "/api/v1/properties/hotel-a/audit?type=CROSS_TENANT_REQUEST_REFUSED&actor=staff-a", adminA).json()
                .path("total").asLong() >= 6);
    }

    @Test
    void givenSqlInFilters_whenSearchingAudit_thenBoundAsValuesOrRefused() {
        String staffA = stack.token("staff-a");
        Http.Answer injected = http.get("/api/v1/properties/hotel-a/audit?actor=x%27%20or%20%271%27%3D%271", staffA);
        assertThat(injected.status()).isEqualTo(200);
        assertThat(injected.json().path("total").asLong()).isZero();
        Http.Answer badType = http.get("/api/v1/properties/hotel-a/audit?type=LOCKED%27%20OR%201%3D1--", staffA);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().path("errors").isArray()).isTrue();
        assertThat(http.get("/api/v1/properties/hotel-a%27--/locks", staffA).status()).isEqualTo(404);
    }

    @Test
    void givenInvalidOrOversizedBody_whenPosting_thenProblemDetails() {
        String adminA = stack.token("admin-a");
        Http.Answer invalid = http.post("/api/v1/properties/hotel-a/zones", adminA,
                Map.of("zoneId", "Not A Slug", "name", "", "kind", "CASTLE"), Map.of());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("errors")).hasSizeGreaterThanOrEqualTo(3);
        Http.Answer tooBig = http.postRaw("/api/v1/properties/hotel-a/zones", adminA,
                "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        Http.Answer malformed = http.postRaw("/api/v1/properties/hotel-a/stays", stack.token("staff-a"),
                "{\"holder\":\"g\",\"validFrom\":\"yesterday\",");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("type").asText()).endsWith("/malformed-body");
        Http.Answer noKey = http.post("/api/v1/properties/hotel-a/locks/x/lock", stack.token("staff-a"), null, Map.of());
        assertThat(noKey.status()).isEqualTo(400);
    }

    @Test
    void givenPublicEndpoints_whenCalledWithoutToken_thenServed() {
        assertThat(http.get("/api/v1/jwks", null).json().path("keys").size()).isPositive();
        assertThat(http.get("/openapi", null).body()).contains("/api/v1/me/keys");
        assertThat(http.get("/swagger/", null).body()).contains("swagger-ui");
        assertThat(http.get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js", null).status()).isEqualTo(200);
        assertThat(http.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(http.get("/metrics", null).body()).contains("nexefii_http_responses_total");
    }

    @Test
    void givenTheOpenApiDocument_whenRead_thenTheNotificationStreamServletIsDescribedBesideTheScannedResources() {
        Http.Answer doc = http.request("GET", "/openapi", null, null, null, Map.of("Accept", "application/json"));
        assertThat(doc.status()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode paths = doc.json().path("paths");
        assertThat(paths.has("/api/v1/me/keys")).as("the scanned JAX-RS resources are still there").isTrue();
        com.fasterxml.jackson.databind.JsonNode stream = paths.path("/api/v1/notifications/stream").path("get");
        assertThat(stream.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        assertThat(stream.path("parameters").findValuesAsText("name")).contains("ticket", "Last-Event-ID");
        for (String status : new String[] { "400", "401", "403" }) {
            assertThat(stream.path("responses").path(status).path("content").has("application/problem+json"))
                    .as("error %s as problem details", status).isTrue();
        }
    }
}
