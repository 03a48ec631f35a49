package com.nexefii.webapp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The notification stream as a client reads it: resumable without loss, filtered by user, role and property. */
class NotificationStreamIT {

    private static E2eStack stack;
    private static SimulatedGateway gatewayA;
    private static SimulatedGateway gatewayB;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        gatewayA = new SimulatedGateway(stack, "hotel-a", "gw-a1").online("s-101", "s-102", "s-103", "s-104");
        gatewayB = new SimulatedGateway(stack, "hotel-b", "gw-b1").online("s-201");
        String staff = stack.token("staff-a");
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.get("/api/v1/properties/hotel-a/locks", staff).body()
                .findValuesAsText("lockId").contains("s-104"));
        String staffB = stack.token("staff-b");
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.get("/api/v1/properties/hotel-b/locks", staffB).body()
                .findValuesAsText("lockId").contains("s-201"));
    }

    @AfterAll
    static void gateways() {
        gatewayA.close();
        gatewayB.close();
    }

    private static String streamUrl() {
        return stack.cloudUrl() + "/api/v1/notifications/stream";
    }

    private static EventStreamClient open(String token, Long lastEventId) {
        EventStreamClient client = new EventStreamClient(streamUrl(), token, lastEventId);
        assertThat(client.status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.events.isEmpty());
        assertThat(client.events.get(0).type()).isEqualTo("ready");
        return client;
    }

    @Test
    void givenAStaffStreamThatDrops_whenAlertsHappenMeanwhile_thenReconnectingWithLastEventIdDeliversExactlyTheMissedOnesInOrder() {
        String staff = stack.token("staff-a");
        long seen;
        try (EventStreamClient first = open(staff, null)) {
            gatewayA.event("DOOR_AJAR", "s-101", "SECURITY", Map.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> first.notifications().stream()
                    .anyMatch(e -> "DOOR_AJAR".equals(e.data().path("type").asText())));
            seen = first.lastId();
        }

        List<String> missed = List.of("DOOR_FORCED", "JAMMED", "BATTERY_LOW", "TAMPER", "DOOR_AJAR");
        for (String type : missed) {
            gatewayA.event(type, "s-102", "SECURITY", Map.of("attributes", Map.of("percent", "9")));
        }
        // they are committed and numbered while nobody listens
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.get("/api/v1/notifications?after=" + seen, staff).body()
                .path("items").findValuesAsText("lockId").stream().filter("s-102"::equals).count() == missed.size());
        List<Long> storedIds = stack.get("/api/v1/notifications?after=" + seen, staff).body().path("items")
                .findValues("id").stream().map(JsonNode::asLong).toList();

        try (EventStreamClient resumed = open(staff, seen)) {
            gatewayA.event("DOOR_CLOSED", "s-102", "NORMAL", Map.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> resumed.notifications().stream()
                    .anyMatch(e -> "DOOR_CLOSED".equals(e.data().path("type").asText())));

            List<EventStreamClient.Event> got = resumed.notifications();
            List<Long> ids = got.stream().map(EventStreamClient.Event::id).toList();
            assertThat(ids).as("every missed notification, once, in id order, then the live one")
                    .startsWith(storedIds.toArray(Long[]::new)).doesNotHaveDuplicates().isSorted();
            assertThat(ids).allMatch(id -> id > seen);
            assertThat(got.stream().filter(e -> "s-102".equals(e.data().path("lockId").asText()))
                    .map(e -> e.data().path("type").asText()).toList())
                    .containsSubsequence(new ArrayList<>(missed)).endsWith("DOOR_CLOSED");
            assertThat(resumed.events.get(0).id()).as("the ready event confirms where the replay starts").isEqualTo(seen);
        }
    }

    @Test
    void givenTwoGuests_whenKeysAreIssuedRevokedAndUsed_thenEachHearsOnlyAboutTheirOwn() {
        String staff = stack.token("staff-a");
        stack.checkIn(staff, "hotel-a", "guest-a1", List.of("s-103"));
        stack.checkIn(staff, "hotel-a", "guest-a2", List.of("s-104"));
        String guest1 = stack.token("guest-a1");
        String guest2 = stack.token("guest-a2");

        try (EventStreamClient one = open(guest1, null); EventStreamClient two = open(guest2, null);
                EventStreamClient staffStream = open(staff, null)) {
            String key1 = stack.post("/api/v1/me/keys", guest1, Map.of(), false).body().path("credentialId").asText();
            String key2 = stack.post("/api/v1/me/keys", guest2, Map.of(), false).body().path("credentialId").asText();
            assertThat(stack.post("/api/v1/properties/hotel-a/credentials/" + key2 + "/revoke", staff,
                    Map.of("reason", "test"), false).status()).isEqualTo(200);
            assertThat(stack.post("/api/v1/me/locks/s-104/unlock", guest2, Map.of(), true).status()).isEqualTo(202);
            // an alarm at guest 1's own door is the staff's business, not the guest's
            gatewayA.event("DOOR_FORCED", "s-103", "SECURITY", Map.of());

            await().atMost(Duration.ofSeconds(10)).until(() -> kinds(two).containsAll(List.of("key-ready", "key-revoked", "door-opened")));
            await().atMost(Duration.ofSeconds(10)).until(() -> staffStream.notifications().stream()
                    .anyMatch(e -> "DOOR_FORCED".equals(e.data().path("type").asText())
                            && "s-103".equals(e.data().path("lockId").asText())));
            await().atMost(Duration.ofSeconds(5)).until(() -> kinds(one).contains("key-ready"));

            assertThat(kinds(one)).as("guest 1 hears of their own key only").containsOnly("key-ready");
            assertThat(one.notifications()).allSatisfy(e -> assertThat(e.data().path("attributes").path("credentialId").asText())
                    .isEqualTo(key1));
            assertThat(two.notifications()).noneSatisfy(e -> assertThat(e.data().toString()).contains(key1));
            assertThat(two.notifications()).noneSatisfy(e -> assertThat(e.data().path("kind").asText()).isEqualTo("alert"));
        }
    }

    @Test
    void givenTwoProperties_whenEachHasAnAlarm_thenEachPropertysStaffHearOnlyTheirOwn() {
        try (EventStreamClient a = open(stack.token("staff-a"), null); EventStreamClient b = open(stack.token("staff-b"), null)) {
            gatewayA.event("DOOR_FORCED", "s-101", "SECURITY", Map.of());
            gatewayB.event("DOOR_AJAR", "s-201", "SECURITY", Map.of());

            await().atMost(Duration.ofSeconds(10)).until(() -> lockIds(a).contains("s-101") && lockIds(b).contains("s-201"));
            gatewayB.event("JAMMED", "s-201", "SECURITY", Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> b.notifications().stream()
                    .anyMatch(e -> "JAMMED".equals(e.data().path("type").asText())));

            assertThat(lockIds(b)).as("hotel-b staff never see hotel-a doors").allMatch(id -> id.equals("s-201"));
            assertThat(lockIds(a)).doesNotContain("s-201");
        }
        JsonNode recentB = stack.get("/api/v1/notifications?limit=500", stack.token("staff-b")).body();
        assertThat(recentB.path("items").findValuesAsText("lockId")).doesNotContain("s-101", "s-102", "s-103", "s-104");
    }

    @Test
    void givenNoPropertyOrAForgedResumePoint_whenOpeningTheStream_thenItIsRefusedWithProblemDetails() {
        EventStreamClient platformAdmin = new EventStreamClient(streamUrl(), stack.token("platform-admin"), null);
        platformAdmin.close();
        assertThat(platformAdmin.status).isEqualTo(403);
        var bad = stack.get("/api/v1/notifications?after=-1", stack.token("guest-a1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("title").asText()).isNotBlank();
        EventStreamClient anonymous = new EventStreamClient(streamUrl(), "not-a-token", null);
        anonymous.close();
        assertThat(anonymous.status).isEqualTo(401);
    }

    private static List<String> kinds(EventStreamClient c) {
        return c.notifications().stream().map(e -> e.data().path("kind").asText()).toList();
    }

    private static List<String> lockIds(EventStreamClient c) {
        return c.notifications().stream().map(e -> e.data().path("lockId").asText(null))
                .filter(java.util.Objects::nonNull).toList();
    }
}
