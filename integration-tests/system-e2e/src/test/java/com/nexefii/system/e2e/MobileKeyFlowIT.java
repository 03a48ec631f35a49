package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Flow 1 (mobile app) and flow 4 (revocation): password login at Keycloak (direct grant, test only) →
 * mobile key from the cloud → unlock at the gateway's local API → audit in the cloud; then the key is
 * revoked in the cloud and the gateway refuses it within 2 s.
 */
class MobileKeyFlowIT {
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenAGuestWithAStay_whenOpeningTheRoomWithAMobileKey_thenTheGatewayOpensAndTheCloudAuditsIt_andARevokedKeyIsRefusedWithin2s() {
        String staff = stack.token("staff-a");
        String lock = "sim-002";
        await("lock " + lock + " in hotel-a's inventory").atMost(Duration.ofSeconds(60))
                .until(() -> stack.cloudGet(staff, "/api/v1/properties/hotel-a/locks/" + lock).statusCode() == 200);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> stay = stack.cloudPost(staff, "/api/v1/properties/hotel-a/stays",
                "{\"holder\":\"guest-a2\",\"lockIds\":[\"" + lock + "\"],\"validFrom\":\"" + now.minusSeconds(60)
                        + "\",\"validUntil\":\"" + now.plus(1, ChronoUnit.DAYS) + "\"}");
        assertThat(stay.statusCode()).as(stay.body()).isEqualTo(201);
        String stayId = SystemStack.json(stay.body()).path("stayId").asText();

        String guest = stack.token("guest-a2");
        HttpResponse<String> issued = stack.cloudPost(guest, "/api/v1/me/keys", "{\"stayId\":\"" + stayId + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode key = SystemStack.json(issued.body());
        String mobileKey = "MobileKey " + key.path("credential").asText();

        // The gateway learns the cloud's signing key from the policy the cloud publishes to it.
        HttpResponse<String>[] opened = new HttpResponse[1];
        await("the gateway opens " + lock + " for the mobile key").atMost(Duration.ofSeconds(30)).until(() -> {
            opened[0] = stack.gatewayPost(0, mobileKey, "/api/v1/locks/" + lock + "/unlock", "");
            return opened[0].statusCode() == 200;
        });
        JsonNode result = SystemStack.json(opened[0].body());
        assertThat(result.path("outcome").asText()).isEqualTo("OK");
        assertThat(result.path("decision").asText()).isEqualTo("GRANTED");
        String commandId = result.path("commandId").asText();

        await("the local unlock in the cloud's audit").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = stack.audit(staff, "hotel-a", "lockId=" + lock + "&type=COMMAND_RESULT");
            assertThat(items.findValuesAsText("commandId")).contains(commandId);
            assertThat(stack.audit(staff, "hotel-a", "lockId=" + lock + "&type=ACCESS_GRANTED")).isNotEmpty();
        });
        JsonNode history = SystemStack.json(stack.cloudGet(guest, "/api/v1/me/history?limit=100").body());
        assertThat(history.toString()).as("the guest's own history").contains(lock);

        // Revocation: online gateway applies it within 2 s of the cloud publishing it.
        HttpResponse<String> revoked = stack.cloudPost(staff,
                "/api/v1/properties/hotel-a/credentials/" + key.path("credentialId").asText() + "/revoke", "{\"reason\":\"lost phone\"}");
        long revokedAt = System.nanoTime();
        assertThat(revoked.statusCode()).as(revoked.body()).isIn(200, 202, 204);
        HttpResponse<String>[] refused = new HttpResponse[1];
        await("the gateway refuses the revoked key").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            refused[0] = stack.gatewayPost(0, mobileKey, "/api/v1/locks/" + lock + "/unlock", "");
            return refused[0].statusCode() == 403;
        });
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.printf("revocation: the gateway refused the revoked mobile key %d ms after the cloud's answer%n", millis);
        assertThat(refused[0].headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused[0].body()).contains("REVOKED");
    }
}
