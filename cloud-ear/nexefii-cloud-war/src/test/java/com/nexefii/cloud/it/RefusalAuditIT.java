package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.stack.fixture.Http;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refusals leave audit records, written in a transaction of their own (the refused work's own
 * transaction is rolled back), in the caller's property only: real Keycloak tokens, real
 * PostgreSQL with row-level security.
 */
class RefusalAuditIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The audit records of one lock as a property's staff or admin sees them. */
    private static JsonNode audit(String property, String token, String query) {
        Http.Answer a = http.get("/api/v1/properties/" + property + "/audit?" + query, token);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    /** Rows of audit_events of the lock, as the application's database role bound to {@code property} sees them. */
    private static long rowsInDatabase(String property, String lockId) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.value("NEXEFII_DB_URL"), stack.value("NEXEFII_DB_USER"),
                stack.value("NEXEFII_DB_PASSWORD"))) {
            c.setAutoCommit(false);
            try (PreparedStatement bind = c.prepareStatement("select set_config('app.property_id', ?, true)")) {
                bind.setString(1, property);
                bind.execute();
            }
            // no property filter here: row-level security alone decides what is visible
            try (PreparedStatement q = c.prepareStatement("select count(*) from audit_events where lock_id = ?"
                    + " or attributes->>'target' like '%' || ? || '%'")) {
                q.setString(1, lockId);
                q.setString(2, lockId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    @Test
    void givenGuestWithoutAStayForTheDoor_whenUnlocking_thenRefusedAndAuditedForTheirPropertyOnly() throws SQLException {
        String lock = unique("it-refused");
        Http.Answer refused = http.post("/api/v1/me/locks/" + lock + "/unlock", stack.token("guest-a1"), null,
                Map.of("Idempotency-Key", unique("it-refusal")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        JsonNode page = audit("hotel-a", stack.token("admin-a"), "lockId=" + lock);
        assertThat(page.path("total").asLong()).as("one record, not one per layer").isEqualTo(1);
        JsonNode record = page.path("items").get(0);
        assertThat(record.path("type").asText()).isEqualTo("REMOTE_UNLOCK_DENIED");
        assertThat(record.path("actor").asText()).isEqualTo("guest-a1");
        assertThat(record.path("lockId").asText()).isEqualTo(lock);
        assertThat(record.path("priority").asText()).isEqualTo("SECURITY");
        assertThat(record.path("attributes").path("reason").asText()).contains("no stay");

        // not in the other property, neither through its admin nor in its rows
        assertThat(audit("hotel-b", stack.token("admin-b"), "lockId=" + lock).path("total").asLong()).isZero();
        assertThat(http.get("/api/v1/properties/hotel-a/audit?lockId=" + lock, stack.token("admin-b")).status())
                .isEqualTo(404);
        assertThat(rowsInDatabase("hotel-b", lock)).isZero();
        assertThat(rowsInDatabase("hotel-a", lock)).isEqualTo(1);
    }

    @Test
    void givenGuestAskingForAKeyOfAStayTheyDoNotHave_whenRefused_thenTheDenialOutlivesTheRolledBackKeyTransaction() {
        String stayId = UUID.randomUUID().toString();
        Http.Answer refused = http.post("/api/v1/me/keys", stack.token("guest-a1"), Map.of("stayId", stayId), Map.of());
        assertThat(refused.status()).isEqualTo(404);

        JsonNode items = audit("hotel-a", stack.token("admin-a"), "type=ACCESS_REQUEST_DENIED&actor=guest-a1&limit=50")
                .path("items");
        assertThat(items.findValuesAsText("target")).contains("mobile key for stay " + stayId);
    }

    @Test
    void givenStaffCommandingAnUnknownLock_whenRefused_thenCommandRefusalAuditedWithTargetAndReason() {
        String lock = unique("it-nolock");
        assertThat(http.post("/api/v1/properties/hotel-a/locks/" + lock + "/unlock", stack.token("staff-a"), Map.of(),
                Map.of("Idempotency-Key", unique("it-refusal"))).status()).isEqualTo(404);

        JsonNode record = audit("hotel-a", stack.token("admin-a"), "lockId=" + lock).path("items").get(0);
        assertThat(record.path("type").asText()).isEqualTo("COMMAND_REFUSED");
        assertThat(record.path("actor").asText()).isEqualTo("staff-a");
        assertThat(record.path("attributes").path("reason").asText()).isEqualTo("lock " + lock + " not found");
        assertThat(record.path("attributes").path("target").asText()).isEqualTo("lockId " + lock);
    }

    @Test
    void givenGuestOnAStaffCommand_whenForbidden_thenAuditedWithTheRolesItNeeds() {
        String lock = unique("it-role");
        assertThat(http.post("/api/v1/properties/hotel-a/locks/" + lock + "/unlock", stack.token("guest-a1"), Map.of(),
                Map.of("Idempotency-Key", unique("it-refusal"))).status()).isEqualTo(403);

        JsonNode record = audit("hotel-a", stack.token("admin-a"), "lockId=" + lock).path("items").get(0);
        assertThat(record.path("type").asText()).isEqualTo("API_REQUEST_FORBIDDEN");
        assertThat(record.path("actor").asText()).isEqualTo("guest-a1");
        assertThat(record.path("attributes").path("reason").asText()).contains("staff");
        assertThat(record.path("attributes").path("roles").asText()).contains("guest");
    }

    @Test
    void givenStaffCommandingAnotherPropertysLock_whenRefused_thenAuditedAtHomeAndNothingLeaksEitherWay()
            throws SQLException {
        String lock = unique("it-foreign");
        Http.Answer refused = http.post("/api/v1/properties/hotel-b/locks/" + lock + "/unlock", stack.token("staff-a"),
                Map.of(), Map.of("Idempotency-Key", unique("it-refusal")));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("itgw-b");

        JsonNode items = audit("hotel-a", stack.token("admin-a"), "type=CROSS_TENANT_REQUEST_REFUSED&actor=staff-a&limit=100")
                .path("items");
        JsonNode record = null;
        for (JsonNode item : items) {
            if (item.path("attributes").path("target").asText().equals("lockId " + lock)) {
                record = item;
            }
        }
        assertThat(record).as("the cross-tenant attempt in hotel-a's audit").isNotNull();
        assertThat(record.path("attributes").path("requestedProperty").asText()).isEqualTo("hotel-b");
        assertThat(record.path("lockId").isNull() || record.path("lockId").isMissingNode())
                .as("another property's lock id stays out of the lock column").isTrue();
        // hotel-b's admins see nothing of hotel-a's user, and hotel-b's rows hold nothing of it
        assertThat(audit("hotel-b", stack.token("admin-b"), "actor=staff-a").path("total").asLong()).isZero();
        assertThat(rowsInDatabase("hotel-b", lock)).isZero();
    }
}
