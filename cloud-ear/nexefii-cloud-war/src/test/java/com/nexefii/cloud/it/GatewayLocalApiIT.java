package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.stack.fixture.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway's local API address is set per gateway by its property's admin, checked as an https URL,
 * audited, and readable on the gateway (the guests' side, with their stays: web-app-e2e
 * LocalUnlockE2EIT).
 */
class GatewayLocalApiIT {

    private static final String PATH = "/api/v1/properties/hotel-a/gateways/itgw-a/local-api";
    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    private static Http.Answer put(String user, String body) {
        return http.request("PUT", PATH, stack.token(user), "application/json", body, java.util.Map.of());
    }

    @Test
    void givenThePropertyAdmin_whenSettingAnHttpsAddress_thenTheGatewayShowsItAndTheAuditHasIt_andNullClearsIt() {
        Http.Answer set = put("admin-a", "{\"localApiUrl\": \"https://192.168.10.2:8443/\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("localApiUrl").asText()).isEqualTo("https://192.168.10.2:8443");
        JsonNode gateway = http.get("/api/v1/properties/hotel-a/gateways/itgw-a", stack.token("staff-a")).json();
        assertThat(gateway.path("localApiUrl").asText()).isEqualTo("https://192.168.10.2:8443");
        JsonNode audit = http.get("/api/v1/properties/hotel-a/audit?type=GATEWAY_LOCAL_API_URL_SET", stack.token("admin-a"))
                .json().path("items");
        assertThat(audit.findValuesAsText("localApiUrl")).contains("https://192.168.10.2:8443");

        Http.Answer cleared = put("admin-a", "{\"localApiUrl\": null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().hasNonNull("localApiUrl")).isFalse();
    }

    @Test
    void givenAnAddressThatIsNotAPlainHttpsUrl_whenSet_thenProblemDetailsNameTheField() {
        for (String bad : new String[] { "http://192.168.10.2:8443", "https://user:pw@gw:8443", "https://gw:8443/?k=v",
                "not a url" }) {
            Http.Answer a = put("admin-a", "{\"localApiUrl\": \"" + bad + "\"}");
            assertThat(a.status()).as(bad + ": " + a.body()).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.json().path("detail").asText()).contains("localApiUrl");
        }
    }

    @Test
    void givenStaffOrAnotherPropertysAdmin_whenSetting_thenRefused() {
        assertThat(put("staff-a", "{\"localApiUrl\": \"https://10.0.0.9\"}").status()).isEqualTo(403);
        assertThat(put("admin-b", "{\"localApiUrl\": \"https://10.0.0.9\"}").status()).isEqualTo(404);
        assertThat(http.request("PUT", "/api/v1/properties/hotel-a/gateways/no-such-gw/local-api", stack.token("admin-a"),
                "application/json", "{\"localApiUrl\": \"https://10.0.0.9\"}", java.util.Map.of()).status()).isEqualTo(404);
    }
}
