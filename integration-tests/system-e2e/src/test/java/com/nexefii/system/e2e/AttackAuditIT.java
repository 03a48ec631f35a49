package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Flows 5 and 6, the "audited" half: every token the gateway's local API refuses (forged, unsigned,
 * garbage, another tenant's, a guest's, a forged mobile key) becomes an ACCESS_DENIED record in the
 * cloud's audit, with the reason, and nothing is opened; a staff user's requests on another property
 * are recorded in their own property's audit. {@link AttacksIT} and {@link TenantIsolationIT} prove
 * the refusals themselves.
 */
class AttackAuditIT {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenRefusedTokensAtTheGateway_whenTheEventsReachTheCloud_thenEachRefusalIsAuditedWithItsReason() throws Exception {
        String genuine = stack.token("staff-a");
        String[] parts = genuine.split("\\.");
        ObjectNode claims = (ObjectNode) SystemStack.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("property_id", "hotel-b");
        String forged = parts[0] + "." + B64.encodeToString(SystemStack.JSON.writeValueAsBytes(claims)) + "." + parts[2];
        String none = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        // a lock id of this run only: the audit query below finds exactly these refusals
        String lock = "sim-attack-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/locks/" + lock + "/unlock";

        for (String token : List.of(forged, none, "garbage")) {
            assertThat(stack.gatewayPost(0, "Bearer " + token, path, "").statusCode()).isEqualTo(401);
        }
        assertThat(stack.gatewayPost(0, "Bearer " + stack.token("staff-b"), path, "").statusCode()).isEqualTo(403);
        assertThat(stack.gatewayPost(0, "Bearer " + stack.token("guest-a1"), path, "").statusCode()).isEqualTo(403);
        assertThat(stack.gatewayPost(0, "MobileKey " + forged, path, "").statusCode()).isIn(401, 403);

        String staff = genuine;
        await("the gateway's refusals in the cloud's audit").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(denials(staff, lock)).hasSize(6));
        List<JsonNode> denials = denials(staff, lock);
        List<String> reasons = denials.stream().map(e -> e.path("attributes").path("reason").asText()).toList();
        System.out.printf("attacks at the gateway, audited in the cloud: %s%n", reasons);
        assertThat(reasons).as("each refusal says why").allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(reasons).contains("WRONG_PROPERTY");
        // nothing was opened for any of them
        assertThat(stack.audit(staff, "hotel-a", "lockId=" + lock + "&type=COMMAND_RESULT")).isEmpty();
    }

    @Test
    void givenStaffOfHotelAProbingHotelB_whenTheCloudRefusesThem_thenHotelAsAuditRecordsEachAttemptAndHotelBSeesNothingOfIt() {
        String staffA = stack.token("staff-a");
        String staffB = stack.token("staff-b");
        String lockB = await().atMost(Duration.ofSeconds(60)).until(() -> stack.lockOf(staffB, "hotel-b", "simulator"), l -> l != null);
        String since = Instant.now().minusSeconds(1).toString();

        assertThat(stack.cloudGet(staffA, "/api/v1/properties/hotel-b/locks").statusCode()).isIn(403, 404);
        assertThat(stack.cloudPost(staffA, "/api/v1/properties/hotel-b/locks/" + lockB + "/unlock", "{}").statusCode()).isIn(403, 404);
        assertThat(stack.cloudGet(staffA, "/api/v1/properties/hotel-b/audit").statusCode()).isIn(403, 404);

        // recorded in the prober's own property: its admins see who probed what
        await("the cross-tenant refusals in hotel-a's audit").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(stack.audit(staffA, "hotel-a", "type=CROSS_TENANT_REQUEST_REFUSED&from=" + SystemStack.enc(since)))
                        .hasSizeGreaterThanOrEqualTo(3));
        JsonNode refused = stack.audit(staffA, "hotel-a", "type=CROSS_TENANT_REQUEST_REFUSED&from=" + SystemStack.enc(since));
        assertThat(refused).allSatisfy(e -> assertThat(e.toString()).contains("hotel-b").contains("staff-a"));
        System.out.printf("cross-tenant probes audited in the prober's property: %d records%n", refused.size());
        // and hotel-b's own audit shows nothing of hotel-a's staff
        assertThat(stack.audit(staffB, "hotel-b", "from=" + SystemStack.enc(since)).toString()).doesNotContain("staff-a");
    }

    private List<JsonNode> denials(String staff, String lock) {
        List<JsonNode> all = new ArrayList<>();
        stack.audit(staff, "hotel-a", "lockId=" + SystemStack.enc(lock) + "&type=ACCESS_DENIED&gatewayId="
                + stack.get("NEXEFII_GATEWAY_0_ID")).forEach(all::add);
        return all;
    }
}
