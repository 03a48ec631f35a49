package com.nexefii.webapp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard numbers the web app draws, computed by the cloud from real gateway events. */
class AnalyticsIT {

    private static E2eStack stack;
    private static SimulatedGateway gateway;
    /** Locks of this run only: a reused stack keeps earlier runs' readings. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final String DRAINING = "n-301-" + RUN;
    private static final String STEADY = "n-302-" + RUN;
    private static final String DENIED = "n-303-" + RUN;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        gateway = new SimulatedGateway(stack, "hotel-a", "gw-a1").online(DRAINING, STEADY, DENIED);
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    private static JsonNode battery(JsonNode report, String lockId) {
        for (JsonNode b : report.path("batteries")) {
            if (lockId.equals(b.path("lockId").asText())) {
                return b;
            }
        }
        return null;
    }

    @Test
    void givenBatteryReadingsFallingThreePercentADay_whenTheAdminAsks_thenTheLockIsForecastToNeedABatteryWithin30Days() {
        Instant now = Instant.now();
        // DRAINING drains 3 %/day from 60 %: from 30 % now it reaches 20 % in 10/3 days (80 h)
        for (int daysAgo = 10; daysAgo >= 0; daysAgo -= 2) {
            gateway.eventAt(now.minus(Duration.ofDays(daysAgo)), "BATTERY_LEVEL", DRAINING, "TELEMETRY",
                    Map.of("attributes", Map.of("percent", Integer.toString(30 + 3 * daysAgo))));
            // STEADY holds steady at 90 %
            gateway.eventAt(now.minus(Duration.ofDays(daysAgo)), "BATTERY_LEVEL", STEADY, "TELEMETRY",
                    Map.of("attributes", Map.of("percent", "90")));
        }
        gateway.event("ACCESS_DENIED", DENIED, "SECURITY", Map.of("attributes", Map.of("reason", "UNKNOWN_CREDENTIAL")));
        gateway.event("ACCESS_DENIED", DENIED, "SECURITY", Map.of("attributes", Map.of("reason", "EXPIRED")));
        String admin = stack.token("admin-a");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode b = battery(stack.get("/api/v1/properties/hotel-a/analytics?days=7", admin).body(), DRAINING);
            return b != null && b.path("readings").asInt() == 6;
        });
        JsonNode report = stack.get("/api/v1/properties/hotel-a/analytics?days=7", admin).body();

        JsonNode draining = battery(report, DRAINING);
        assertThat(draining.path("needsBattery").asBoolean()).isTrue();
        assertThat(draining.path("slopePerDay").asDouble()).isBetween(-3.01, -2.99);
        Duration untilLow = Duration.between(now, Instant.parse(draining.path("projectedLowAt").asText()));
        assertThat(untilLow.toHours()).isBetween(78L, 82L);
        JsonNode steady = battery(report, STEADY);
        assertThat(steady.path("needsBattery").asBoolean()).isFalse();
        assertThat(steady.has("projectedLowAt")).isFalse();

        assertThat(report.path("deniedByLock").findValuesAsText("lockId")).contains(DENIED);
        assertThat(report.path("gatewayUptime").findValuesAsText("gatewayId")).contains("gw-a1");
        assertThat(report.path("usageByHour").isArray()).isTrue();
    }

    @Test
    void givenStaffOrAnotherPropertysAdmin_whenAskingForHotelAsAnalytics_thenRefused() {
        assertThat(stack.get("/api/v1/properties/hotel-a/analytics", stack.token("staff-a")).status()).isEqualTo(403);
        var other = stack.get("/api/v1/properties/hotel-a/analytics", stack.token("admin-b"));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body().path("title").asText()).isNotBlank();
        assertThat(stack.get("/api/v1/properties/hotel-a/analytics?days=365", stack.token("admin-a")).status()).isEqualTo(400);
    }
}
