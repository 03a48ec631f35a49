package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.stack.fixture.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error path answers a problem (405, 415, 406, unreadable JSON or parameters), and command keys are kept. */
class ApiErrorsIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    private static void assertProblem(Http.Answer a, int status, String typeSuffix) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().path("status").asInt()).isEqualTo(status);
        assertThat(a.json().path("type").asText()).endsWith("/" + typeSuffix);
    }

    @Test
    void givenWrongMethodMediaTypeOrAccept_whenCalling_thenProblemDetails() {
        String admin = stack.token("admin-a");
        assertProblem(http.request("PUT", "/api/v1/properties/hotel-a/zones", admin, "application/json", "{}", Map.of()),
                405, "method-not-allowed");
        assertProblem(http.request("DELETE", "/api/v1/jwks", null, null, null, Map.of()), 405, "method-not-allowed");
        assertProblem(http.request("POST", "/api/v1/properties/hotel-a/zones", admin, "text/plain", "zone", Map.of()),
                415, "unsupported-media-type");
        assertProblem(http.request("GET", "/api/v1/properties/hotel-a/zones", admin, null, null,
                Map.of("Accept", "application/xml")), 406, "not-acceptable");
        assertProblem(http.request("GET", "/api/v1/no-such-thing", admin, null, null, Map.of()), 404, "not-found");
    }

    @Test
    void givenUnreadableJsonOrParameters_whenCalling_thenBadRequestProblemNamingIt() {
        String admin = stack.token("admin-a");
        assertProblem(http.postRaw("/api/v1/properties/hotel-a/zones", admin, "{\"zoneId\":"), 400, "malformed-body");
        assertProblem(http.postRaw("/api/v1/properties/hotel-a/zones", admin, "[1,2]"), 400, "malformed-body");
        Http.Answer notANumber = http.get("/api/v1/properties/hotel-a/audit?limit=many", admin);
        assertProblem(notANumber, 400, "invalid-parameter");
        assertThat(notANumber.json().path("detail").asText()).contains("limit");
        assertProblem(http.get("/api/v1/properties/hotel-a/audit?limit=100000", admin), 400, "validation");
        assertProblem(http.get("/api/v1/properties/hotel-a/analytics?days=lots", admin), 400, "invalid-parameter");
    }

    @Test
    void givenALockdownKey_whenReplayedOrReusedForTheOpposite_thenSameCommandsOrConflictAndNothingChanges()
            throws Exception {
        String lock = "it-ld-" + UUID.randomUUID().toString().substring(0, 8);
        String zone = "it-zone-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = stack.token("admin-a");
        String staff = stack.token("staff-a");
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            gw.inventory(lock);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/api/v1/properties/hotel-a/locks/" + lock, staff).status() == 200);
        }
        assertThat(http.post("/api/v1/properties/hotel-a/zones", admin, Map.of("zoneId", zone, "name", zone, "kind", "AREA",
                "lockIds", List.of(lock)), Map.of()).status()).isEqualTo(201);
        String key = "it-lockdown-" + UUID.randomUUID();
        String path = "/api/v1/properties/hotel-a/lockdown";

        Http.Answer first = http.post(path, staff, Map.of("on", true, "zoneId", zone), Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(202);
        Http.Answer replay = http.post(path, staff, Map.of("on", true, "zoneId", zone), Map.of("Idempotency-Key", key));
        assertThat(replay.json().findValuesAsText("commandId")).isEqualTo(first.json().findValuesAsText("commandId"));
        JsonNode audit = http.get("/api/v1/properties/hotel-a/audit?type=LOCKDOWN_REQUESTED&actor=staff-a&limit=500", admin)
                .json();
        long requested = 0;
        for (JsonNode item : audit.path("items")) {
            requested += item.path("attributes").path("scope").asText().equals("zone:" + zone) ? 1 : 0;
        }
        assertThat(requested).as("a replay is not a second request").isEqualTo(1);

        assertProblem(http.post(path, staff, Map.of("on", false, "zoneId", zone), Map.of("Idempotency-Key", key)), 409,
                "conflict");
        boolean stillLockedDown = false;
        for (JsonNode z : http.get("/api/v1/properties/hotel-a/zones", staff).json()) {
            stillLockedDown |= z.path("zoneId").asText().equals(zone) && z.path("lockdown").asBoolean();
        }
        assertThat(stillLockedDown).as("the refused request released nothing").isTrue();
        assertThat(http.post(path, staff, Map.of("on", false, "zoneId", zone),
                Map.of("Idempotency-Key", "it-lockdown-" + UUID.randomUUID())).status()).isEqualTo(202);
    }
}
