package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flow 2: staff REST call → cloud → MQTT → gateway → simulated lock → result and audit back in the cloud. */
class RemoteUnlockIT {
    private final SystemStack stack = SystemStack.get();

    @ParameterizedTest(name = "{0} lock")
    @ValueSource(strings = {"simulator", "ble", "zigbee", "tcp"})
    void givenStaffOfHotelA_whenUnlockingALockRemotely_thenTheCommandIsDoneAndItsResultIsAudited(String protocol) {
        String staff = stack.token("staff-a");
        AtomicReference<String> lock = new AtomicReference<>();
        // The gateway reports its locks in its inventory once each adapter has found them.
        await("a " + protocol + " lock in hotel-a's inventory").atMost(Duration.ofSeconds(60))
                .until(() -> {
                    lock.set(stack.lockOf(staff, "hotel-a", protocol));
                    return lock.get() != null;
                });

        HttpResponse<String> issued = stack.cloudPost(staff, "/api/v1/properties/hotel-a/locks/" + lock.get() + "/unlock", "{}");
        assertThat(issued.statusCode()).as(issued.body()).isIn(200, 201, 202);
        String commandId = SystemStack.json(issued.body()).path("commandId").asText();

        AtomicReference<JsonNode> command = new AtomicReference<>();
        await("command " + commandId + " done").atMost(Duration.ofSeconds(60)).until(() -> {
            command.set(SystemStack.json(stack.cloudGet(staff, "/api/v1/properties/hotel-a/commands/" + commandId).body()));
            return command.get().path("state").asText().matches("DONE|FAILED|EXPIRED");
        });
        assertThat(command.get().path("state").asText()).as(command.get().toString()).isEqualTo("DONE");
        assertThat(command.get().path("outcome").asText()).isEqualTo("OK");

        await("COMMAND_RESULT of " + commandId + " in the audit").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = stack.audit(staff, "hotel-a", "type=COMMAND_RESULT&lockId=" + lock.get());
            assertThat(items.findValuesAsText("commandId")).contains(commandId);
        });
    }
}
