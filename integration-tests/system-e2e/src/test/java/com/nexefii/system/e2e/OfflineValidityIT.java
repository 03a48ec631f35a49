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
 * Flow 4, offline half: with the cloud broker stopped, the gateway decides on its own. A guest whose
 * stay (and so mobile key) ends while the gateway is cut off is refused once it ended; another guest
 * whose stay goes on is still let in; the refusal reaches the cloud's audit after the reconnect.
 */
class OfflineValidityIT {
    /** Long enough for the key to be issued and learnt by the gateway before it ends. */
    private static final Duration SHORT_STAY = Duration.ofSeconds(40);
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenTheCloudBrokerIsDown_whenAGuestsStayEnds_thenTheGatewayRefusesTheirKeyAndStillOpensForAValidOne() {
        String staff = stack.token("staff-a");
        String shortLock = "sim-001";
        String longLock = "sim-002";
        await("hotel-a's simulated locks").atMost(Duration.ofSeconds(60)).until(() ->
                stack.cloudGet(staff, "/api/v1/properties/hotel-a/locks/" + shortLock).statusCode() == 200
                        && stack.cloudGet(staff, "/api/v1/properties/hotel-a/locks/" + longLock).statusCode() == 200);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant shortEnd = now.plus(SHORT_STAY);
        String ending = mobileKey(staff, "guest-a1", shortLock, now.minusSeconds(60), shortEnd);
        String lasting = mobileKey(staff, "guest-a2", longLock, now.minusSeconds(60), now.plus(1, ChronoUnit.DAYS));
        // both open while online, so the gateway has the keys' grants and the cloud's signing key
        await("the gateway opens for both keys").atMost(Duration.ofSeconds(30)).until(() ->
                unlock(ending, shortLock).statusCode() == 200 && unlock(lasting, longLock).statusCode() == 200);
        assertThat(Instant.now()).as("the short stay must still run when the broker stops; raise SHORT_STAY").isBefore(shortEnd);

        stack.signal("mosquitto", "TERM");
        await("the broker is down").atMost(Duration.ofSeconds(30)).until(() -> stack.pid("mosquitto") < 0
                || !ProcessHandle.of(stack.pid("mosquitto")).map(ProcessHandle::isAlive).orElse(false));
        HttpResponse<String> refused;
        try {
            assertThat(unlock(lasting, longLock).statusCode()).as("a valid key while offline").isEqualTo(200);
            await("the short stay ends").atMost(SHORT_STAY.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Instant.now().isAfter(shortEnd));
            HttpResponse<String>[] last = new HttpResponse[1];
            // the grant ends exactly at validUntil; a key the gateway knew no grant of would end at its
            // expiry plus the clock skew the gateway allows (30 s)
            await("the offline gateway refuses the ended key").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        last[0] = unlock(ending, shortLock);
                        return last[0].statusCode() == 403;
                    });
            refused = last[0];
            long afterEnd = Duration.between(shortEnd, Instant.now()).toMillis();
            System.out.printf("offline validity: the gateway refused the ended mobile key %d ms after the stay ended%n", afterEnd);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("EXPIRED");
            assertThat(unlock(lasting, longLock).statusCode()).as("the valid key still opens, offline").isEqualTo(200);
        } finally {
            stack.upAgain();
        }

        await("the offline refusal in the cloud's audit").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode denied = stack.audit(staff, "hotel-a", "type=ACCESS_DENIED&gatewayId=gw-a1&lockId=" + shortLock
                    + "&from=" + SystemStack.enc(shortEnd.toString()));
            assertThat(denied.toString()).contains("EXPIRED");
        });
    }

    /** A stay for the guest on one lock, and the guest's mobile key for it (as the Authorization value). */
    private String mobileKey(String staff, String guest, String lock, Instant from, Instant until) {
        HttpResponse<String> stay = stack.cloudPost(staff, "/api/v1/properties/hotel-a/stays",
                "{\"holder\":\"" + guest + "\",\"lockIds\":[\"" + lock + "\"],\"validFrom\":\"" + from
                        + "\",\"validUntil\":\"" + until + "\"}");
        assertThat(stay.statusCode()).as(stay.body()).isEqualTo(201);
        String stayId = SystemStack.json(stay.body()).path("stayId").asText();
        HttpResponse<String> issued = stack.cloudPost(stack.token(guest), "/api/v1/me/keys", "{\"stayId\":\"" + stayId + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return "MobileKey " + SystemStack.json(issued.body()).path("credential").asText();
    }

    private HttpResponse<String> unlock(String mobileKey, String lock) {
        return stack.gatewayPost(0, mobileKey, "/api/v1/locks/" + lock + "/unlock", "");
    }
}
