package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flow 6: attacks on the public interfaces are refused with problem details, and nothing leaks. */
class AttacksIT {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenTokensThatAreForgedOrForAnotherIssuerAudienceOrTenant_whenCallingTheCloudAndTheGateway_thenTheyAreRefused() throws Exception {
        String genuine = stack.token("staff-a");
        String[] parts = genuine.split("\\.");
        ObjectNode claims = (ObjectNode) SystemStack.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));

        // forged: hotel-b written into a genuine token, the signature kept
        claims.put("property_id", "hotel-b");
        String forgedPayload = parts[0] + "." + B64.encodeToString(SystemStack.JSON.writeValueAsBytes(claims)) + "." + parts[2];
        // alg none
        String none = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".";
        // genuine Keycloak signature, but no nexefii-api audience (realm nexefii's admin-cli client)
        String wrongAudience = passwordToken(stack.get("NEXEFII_OIDC_TOKEN_URL"), "admin-cli", "staff-a", "test-staff-a-pass");
        // genuine Keycloak signature, but another issuer (the master realm)
        String wrongIssuer = passwordToken(stack.get("NEXEFII_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token",
                "admin-cli", stack.get("NEXEFII_KEYCLOAK_ADMIN_USER"), stack.get("NEXEFII_KEYCLOAK_ADMIN_PASSWORD"));

        for (String token : List.of(forgedPayload, none, wrongAudience, wrongIssuer, "garbage", parts[0] + "." + parts[1])) {
            HttpResponse<String> cloud = stack.cloudGet(token, "/api/v1/properties/hotel-a/locks");
            assertThat(cloud.statusCode()).as("cloud, token %s…", token.substring(0, Math.min(20, token.length()))).isEqualTo(401);
            assertProblem(cloud);
            HttpResponse<String> gateway = stack.gatewayPost(0, "Bearer " + token, "/api/v1/locks/sim-001/unlock", "");
            assertThat(gateway.statusCode()).as("gateway: %s", gateway.body()).isEqualTo(401);
            assertProblem(gateway);
        }
        // no token at all
        assertThat(stack.gatewayPost(0, null, "/api/v1/locks/sim-001/unlock", "").statusCode()).isEqualTo(401);
        // a genuine token of the wrong tenant at the gateway: 403 with a reason
        HttpResponse<String> wrongTenant = stack.gatewayPost(0, "Bearer " + stack.token("staff-b"), "/api/v1/locks/sim-001/unlock", "");
        assertThat(wrongTenant.statusCode()).isEqualTo(403);
        assertProblem(wrongTenant);
        assertThat(wrongTenant.body()).contains("WRONG_PROPERTY");
        // a guest token is no staff token
        HttpResponse<String> guest = stack.gatewayPost(0, "Bearer " + stack.token("guest-a1"), "/api/v1/locks/sim-001/unlock", "");
        assertThat(guest.statusCode()).isEqualTo(403);
        // a forged mobile key
        HttpResponse<String> forgedKey = stack.gatewayPost(0, "MobileKey " + forgedPayload, "/api/v1/locks/sim-001/unlock", "");
        assertThat(forgedKey.statusCode()).isEqualTo(401);
        assertProblem(forgedKey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR '1'='1", "x'; DROP TABLE audit_events; --", "gw-a1' UNION SELECT * FROM audit_events --",
            "\\' OR 1=1 --", "%' OR property_id LIKE '%"})
    void givenSqlInjectionInAuditFilters_whenQuerying_thenTheAnswerIsABadRequestOrEmptyNeverAnErrorOrALeak(String injection) {
        String staff = stack.token("staff-a");
        for (String filter : List.of("actor", "lockId", "gatewayId", "type", "priority", "from")) {
            HttpResponse<String> r = stack.cloudGet(staff, "/api/v1/properties/hotel-a/audit?" + filter + "=" + SystemStack.enc(injection));
            assertThat(r.statusCode()).as("%s=%s: %s", filter, injection, r.body()).isIn(200, 400);
            if (r.statusCode() == 200) {
                JsonNode items = SystemStack.json(r.body()).path("items");
                assertThat(items).as("%s=%s", filter, injection).isEmpty();
            } else {
                assertProblem(r);
            }
            assertThat(r.body()).doesNotContain("hotel-b").doesNotContainIgnoringCase("SQLException").doesNotContain("PSQL");
        }
    }

    @Test
    void givenAClientWithoutCertificate_whenConnectingToTheBroker_thenItIsRefused() throws Exception {
        MqttClient anonymous = new MqttClient(stack.mqttUrl(), "no-certificate", new MemoryPersistence());
        try {
            assertThatThrownBy(() -> anonymous.connect(stack.mqttOptions(null))).isInstanceOf(MqttException.class);
            assertThat(anonymous.isConnected()).isFalse();
        } finally {
            anonymous.close();
        }
    }

    private String passwordToken(String url, String client, String user, String password) {
        var http = java.net.http.HttpClient.newHttpClient();
        try {
            HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + client
                            + "&username=" + SystemStack.enc(user) + "&password=" + SystemStack.enc(password)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return SystemStack.json(r.body()).path("access_token").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).as("problem details of %s", r.body())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
}
