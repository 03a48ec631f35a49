package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 security finding: Mosquitto 2.0.11 segfaults on some session takeovers, and one broker serves every
 * property. The stack supervises it ({@code integration-tests/stack/supervise.sh}): the broker process is killed
 * with SIGSEGV, then with SIGKILL, while staff open a door at the gateway's local API; each time the supervisor
 * (not up.sh, not the test) starts the broker again, the gateway reconnects, and every unlock reaches the
 * cloud's audit exactly once.
 */
class BrokerCrashIT {
    private static final String LOCK = "sim-002";
    private static final int UNLOCKS_PER_CRASH = 3;
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenTheBrokerCrashes_whenStaffKeepUnlocking_thenTheSupervisorRestartsItAndNothingIsLost() throws Exception {
        String staff = stack.token("staff-a");
        String bearer = "Bearer " + staff;
        String admin = stack.token("admin-a");
        HttpResponse<String> zone = stack.cloudPost(admin, "/api/v1/properties/hotel-a/zones",
                "{\"zoneId\":\"broker-crash-test\",\"name\":\"Broker crash test\",\"kind\":\"STAFF\",\"lockIds\":[\""
                        + LOCK + "\"]}");
        assertThat(zone.statusCode()).as(zone.body()).isIn(200, 201, 409);
        HttpResponse<String> role = stack.cloudPost(admin,
                "/api/v1/properties/hotel-a/zones/broker-crash-test/staff-roles", "{\"role\":\"staff\"}");
        assertThat(role.statusCode()).as(role.body()).isIn(200, 201, 204, 409);
        await("the gateway's policy lets staff open " + LOCK).atMost(Duration.ofSeconds(30))
                .until(() -> stack.gatewayPost(0, bearer, "/api/v1/locks/" + LOCK + "/unlock", "").statusCode() == 200);
        long supervisor = stack.pid("mosquitto");

        List<String> commandIds = new ArrayList<>();
        for (String signal : List.of("SEGV", "KILL")) {
            long broker = stack.pid("mosquitto-broker");
            stack.signalProcess("mosquitto-broker", signal);
            List<String> round = new ArrayList<>();
            for (int i = 0; i < UNLOCKS_PER_CRASH; i++) {
                HttpResponse<String> r = stack.gatewayPost(0, bearer, "/api/v1/locks/" + LOCK + "/unlock", "");
                assertThat(r.statusCode()).as("local unlock after SIG%s: %s", signal, r.body()).isEqualTo(200);
                round.add(SystemStack.json(r.body()).path("commandId").asText());
            }
            await("a new broker after SIG" + signal).atMost(Duration.ofSeconds(10)).until(() -> {
                long now = stack.pid("mosquitto-broker");
                return now > 0 && now != broker && ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false);
            });
            // the gateway reconnected to the new broker and forwarded what it stored meanwhile
            await("this round's unlocks in the cloud's audit after SIG" + signal).atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(results(staff)).containsAll(round));
            commandIds.addAll(round);
        }
        assertThat(stack.pid("mosquitto")).as("the same supervisor; nobody ran up.sh").isEqualTo(supervisor);

        assertThat(results(staff).stream().filter(commandIds::contains))
                .as("none duplicated").containsExactlyInAnyOrderElementsOf(commandIds);
        String log = Files.readString(Path.of(stack.get("NEXEFII_LOG_DIR"), "mosquitto.log"));
        assertThat(log).contains("died (signal SEGV)", "died (signal KILL)");
    }

    /** Command ids of the lock's COMMAND_RESULT events from gw-a1. */
    private List<String> results(String staff) {
        JsonNode items = stack.audit(staff, "hotel-a", "type=COMMAND_RESULT&gatewayId=gw-a1&lockId=" + LOCK);
        return StreamSupport.stream(items.spliterator(), false).map(e -> e.path("commandId").asText()).toList();
    }
}
