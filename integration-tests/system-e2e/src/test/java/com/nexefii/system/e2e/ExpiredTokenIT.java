package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Flow 6, expired token: a genuine Keycloak token (right issuer, audience, tenant and role) that
 * lives 5 s is accepted by the cloud and the gateway, then refused by both with 401 once it expired
 * (plus their clock skew). The short lifetime comes from a test-only copy of the mobile client
 * created through Keycloak's admin API.
 */
class ExpiredTokenIT {
    private static final String CLIENT = "system-e2e-short-lived";
    private final SystemStack stack = SystemStack.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenAGenuineTokenThatExpired_whenCallingTheCloudAndTheGateway_thenBothAnswer401() throws Exception {
        createShortLivedClient();
        String token = SystemStack.json(send(HttpRequest.newBuilder(URI.create(stack.get("NEXEFII_OIDC_TOKEN_URL")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + CLIENT
                        + "&username=staff-a&password=test-staff-a-pass")).build(), 200)).path("access_token").asText();
        JsonNode claims = SystemStack.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isLessThanOrEqualTo(5);

        // valid while it lives (the gateway answers 404 for an unknown lock only after authentication)
        assertThat(stack.cloudGet(token, "/api/v1/properties/hotel-a/locks").statusCode()).isEqualTo(200);
        assertThat(stack.gatewayPost(0, "Bearer " + token, "/api/v1/locks/no-such-lock/unlock", "").statusCode()).isEqualTo(404);

        await("the cloud refuses the expired token").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.cloudGet(token, "/api/v1/properties/hotel-a/locks").statusCode() == 401);
        await("the gateway refuses the expired token").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.gatewayPost(0, "Bearer " + token, "/api/v1/locks/no-such-lock/unlock", "").statusCode() == 401);
        HttpResponse<String> refused = stack.gatewayPost(0, "Bearer " + token, "/api/v1/locks/no-such-lock/unlock", "");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        System.out.printf("expired token: refused by cloud and gateway %d s after its exp%n",
                Instant.now().getEpochSecond() - claims.path("exp").asLong());
    }

    /** A copy of nexefii-mobile (scopes, mappers, role scope) whose access tokens live 5 s. Idempotent. */
    private void createShortLivedClient() throws IOException {
        String admin = SystemStack.json(send(HttpRequest.newBuilder(URI.create(stack.get("NEXEFII_KEYCLOAK_URL")
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + SystemStack.enc(stack.get("NEXEFII_KEYCLOAK_ADMIN_USER")) + "&password="
                        + SystemStack.enc(stack.get("NEXEFII_KEYCLOAK_ADMIN_PASSWORD")))).build(), 200)).path("access_token").asText();
        String clients = stack.get("NEXEFII_KEYCLOAK_URL") + "/admin/realms/" + stack.get("NEXEFII_KEYCLOAK_REALM") + "/clients";
        JsonNode mobile = SystemStack.json(send(adminGet(admin, clients + "?clientId=nexefii-mobile"), 200)).get(0);
        ObjectNode copy = mobile.deepCopy();
        copy.remove("id");
        copy.put("clientId", CLIENT);
        copy.put("directAccessGrantsEnabled", true);
        ((ObjectNode) copy.path("attributes")).put("access.token.lifespan", "5");
        if (copy.path("protocolMappers") instanceof ArrayNode mappers) {
            mappers.forEach(m -> ((ObjectNode) m).remove("id"));
        }
        HttpResponse<String> created = http(HttpRequest.newBuilder(URI.create(clients)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(copy.toString())).build());
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
        String id = SystemStack.json(send(adminGet(admin, clients + "?clientId=" + CLIENT), 200)).get(0).path("id").asText();
        String roles = send(adminGet(admin, clients + "/" + mobile.path("id").asText() + "/scope-mappings/realm"), 200);
        HttpResponse<String> mapped = http(HttpRequest.newBuilder(URI.create(clients + "/" + id + "/scope-mappings/realm"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(roles)).build());
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
    }

    private static HttpRequest adminGet(String admin, String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin).GET().build();
    }

    private String send(HttpRequest request, int expected) {
        HttpResponse<String> r = http(request);
        assertThat(r.statusCode()).as("%s %s: %s", request.method(), request.uri(), r.body()).isEqualTo(expected);
        return r.body();
    }

    private HttpResponse<String> http(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
