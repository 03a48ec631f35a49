package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Flow 3: with the cloud broker stopped, staff still open doors at the gateway's local API (the
 * decision is the gateway's own); once the broker is back, the gateway replays the events: in order,
 * none lost, none duplicated in the cloud's audit.
 */
class OfflineReplayIT {
    private static final int UNLOCKS = 5;
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenTheCloudBrokerIsDown_whenStaffUnlocksLocally_thenTheDoorOpensAndTheEventsReachTheCloudOnceInOrderAfterReconnect() {
        String staff = stack.token("staff-a");
        String bearer = "Bearer " + staff;
        String lock = "sim-001";
        // Staff may open the locks of a zone that grants their role: the property admin sets it up in
        // the cloud, which publishes it to the gateway's policy cache.
        String admin = stack.token("admin-a");
        HttpResponse<String> zone = stack.cloudPost(admin, "/api/v1/properties/hotel-a/zones",
                "{\"zoneId\":\"offline-test\",\"name\":\"Offline test\",\"kind\":\"STAFF\",\"lockIds\":[\"" + lock + "\"]}");
        assertThat(zone.statusCode()).as(zone.body()).isIn(200, 201, 409);
        HttpResponse<String> role = stack.cloudPost(admin, "/api/v1/properties/hotel-a/zones/offline-test/staff-roles", "{\"role\":\"staff\"}");
        assertThat(role.statusCode()).as(role.body()).isIn(200, 201, 204, 409);
        await("the gateway's policy lets staff open " + lock).atMost(Duration.ofSeconds(30))
                .until(() -> stack.gatewayPost(0, bearer, "/api/v1/locks/" + lock + "/unlock", "").statusCode() == 200);

        long gapsBefore = seqGaps(staff);
        stack.signal("mosquitto", "TERM");
        await("the broker is down").atMost(Duration.ofSeconds(30)).until(() -> stack.pid("mosquitto") < 0
                || !ProcessHandle.of(stack.pid("mosquitto")).map(ProcessHandle::isAlive).orElse(false));

        List<String> commandIds = new ArrayList<>();
        try {
            for (int i = 0; i < UNLOCKS; i++) {
                HttpResponse<String> r = stack.gatewayPost(0, bearer, "/api/v1/locks/" + lock + "/unlock", "");
                assertThat(r.statusCode()).as("local unlock %d while offline: %s", i, r.body()).isEqualTo(200);
                commandIds.add(SystemStack.json(r.body()).path("commandId").asText());
            }
        } finally {
            stack.upAgain();
        }

        await("every offline unlock in the cloud's audit").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(results(staff, lock)).containsAll(commandIds));
        List<String> results = results(staff, lock);
        // none duplicated
        assertThat(results.stream().filter(commandIds::contains)).containsExactlyInAnyOrderElementsOf(commandIds);
        // in order: the audit's per-gateway sequence numbers follow the order of the unlocks
        List<String> bySeq = results.stream().filter(commandIds::contains).toList();
        assertThat(bySeq).containsExactlyElementsOf(commandIds);
        // nothing of the gateway's sequence went missing during the outage
        assertThat(seqGaps(staff)).isEqualTo(gapsBefore);
    }

    /**
     * Sequence gaps the cloud has seen from gw-a1 so far. A gateway restart leaves a gap by design
     * (the publisher reserves sequence numbers in durable blocks), so only the change counts.
     */
    private long seqGaps(String staff) {
        return SystemStack.json(stack.cloudGet(staff, "/api/v1/properties/hotel-a/gateways/gw-a1").body()).path("seqGaps").asLong();
    }

    /** Command ids of the lock's COMMAND_RESULT events, by gateway sequence number. */
    private List<String> results(String staff, String lock) {
        JsonNode items = stack.audit(staff, "hotel-a", "type=COMMAND_RESULT&gatewayId=gw-a1&lockId=" + lock);
        return StreamSupport.stream(items.spliterator(), false)
                .sorted((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()))
                .map(e -> e.path("commandId").asText())
                .toList();
    }
}
