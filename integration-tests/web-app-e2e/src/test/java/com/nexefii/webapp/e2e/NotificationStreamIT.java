package com.nexefii.webapp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
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

    private static String ticket(String token) {
        E2eStack.Answer a = stack.post("/api/v1/notifications/stream-tickets", token, Map.of(), false);
        assertThat(a.status()).as("ticket: %s", a).isEqualTo(201);
        return a.body().path("ticket").asText();
    }

    @Test
    void givenAStreamTicket_whenTheStreamIsOpenedWithIt_thenItWorksOnceAndTheAccessTokenNeverGoesIntoAUrl() {
        String staff = stack.token("staff-b");
        String ticket = ticket(staff);
        assertThat(ticket).hasSize(43).doesNotContain(staff.substring(0, 20));

        try (EventStreamClient stream = EventStreamClient.withTicket(streamUrl(), ticket, null)) {
            assertThat(stream.status).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events.isEmpty());
            assertThat(stream.events.get(0).type()).isEqualTo("ready");
            gatewayB.event("DOOR_AJAR", "s-201", "SECURITY", Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.notifications().stream()
                    .anyMatch(e -> "DOOR_AJAR".equals(e.data().path("type").asText())));
        }

        EventStreamClient again = EventStreamClient.withTicket(streamUrl(), ticket, null);
        assertThat(again.status).as("a used ticket").isEqualTo(401);
        assertThat(again.contentType).startsWith("application/problem+json");
        assertThat(again.problem().path("title").asText()).isEqualTo("Stream ticket not valid");
        assertThat(again.problem().toString()).doesNotContain(ticket);
        again.close();

        EventStreamClient forged = EventStreamClient.withTicket(streamUrl(), "A".repeat(43), null);
        assertThat(forged.status).isEqualTo(401);
        forged.close();
        assertThat(stack.post("/api/v1/notifications/stream-tickets", "not-a-token", Map.of(), false).status())
                .isEqualTo(401);
    }

    @Test
    void givenAGuestsTicket_whenResumingWithLastEventIdInTheUrl_thenOnlyTheGuestsOwnNotificationsAreReplayed() {
        String staff = stack.token("staff-a");
        stack.checkIn(staff, "hotel-a", "guest-a1", List.of("s-103"));
        String guest = stack.token("guest-a1");
        long before;
        try (EventStreamClient first = EventStreamClient.withTicket(streamUrl(), ticket(guest), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !first.events.isEmpty());
            before = first.lastId();
        }
        assertThat(stack.post("/api/v1/me/keys", guest, Map.of(), false).status()).isEqualTo(201);
        gatewayA.event("DOOR_FORCED", "s-103", "SECURITY", Map.of());
        try (EventStreamClient resumed = EventStreamClient.withTicket(streamUrl(), ticket(guest), before)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> kinds(resumed).contains("key-ready"));
            assertThat(resumed.events.get(0).id()).isEqualTo(before);
            assertThat(kinds(resumed)).containsOnly("key-ready");
        }
    }

    /**
     * A phone that stops reading (tiny socket buffer, never reads) while a burst of events goes out:
     * another client of the same property gets every event meanwhile (the pump is not held up), the
     * slow one is disconnected by the server once its connection holds its byte budget (or its queue is
     * full), and resuming from the last event it received whole delivers the rest: nothing lost,
     * nothing twice.
     */
    @Test
    void givenAClientThatStopsReading_whenABurstOfEventsGoesOut_thenOthersGetThemAllAndItIsCutOffAndResumesWithoutLoss()
            throws Exception {
        String staff = stack.token("staff-b");
        String run = "slow-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        // ~6 KiB per event: 400 events (~2.3 MiB) are more than one connection may hold (1 MiB by default)
        int burst = 400;
        try (SlowReader slow = new SlowReader(URI.create(streamUrl() + "?ticket=" + ticket(staff)))) {
            ResumingReader reading = new ResumingReader(staff);
            String padding = "p".repeat(480);
            Map<String, Object> attributes = new java.util.HashMap<>();
            for (String shown : List.of("scope", "zone", "zoneId", "stayId", "locks", "validUntil", "expiresAt",
                    "lockdown", "on", "commandType", "level")) {
                attributes.put(shown, padding);
            }
            for (int i = 0; i < burst; i++) {
                attributes.put("reason", run + "-" + i);
                gatewayB.event("DOOR_OPENED", "s-201", "NORMAL", Map.of("attributes", Map.copyOf(attributes)));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> reading.poll(run) == burst);
            List<Long> all = reading.ids(run);
            reading.close();
            assertThat(all).as("the reading client got every event, once, in order while the slow one did not read")
                    .hasSize(burst).doesNotHaveDuplicates().isSorted();

            List<EventStreamClient.Event> beforeCut = slow.readToEnd(Duration.ofSeconds(60));
            List<Long> slowIds = ofRun(beforeCut, run);
            assertThat(slowIds.size()).as("the slow client was cut off before the burst ended").isLessThan(burst);
            long resumeFrom = beforeCut.get(beforeCut.size() - 1).id();

            ResumingReader resumed = new ResumingReader(staff, resumeFrom);
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.poll(run) + slowIds.size() >= burst);
            List<Long> together = new ArrayList<>(slowIds);
            together.addAll(resumed.ids(run));
            resumed.close();
            assertThat(together).as("before the cut plus after resuming: every event once, in order")
                    .containsExactlyElementsOf(all);
        }
    }

    /** A client that, like the app, reconnects with the last id whenever the server ends its stream. */
    private final class ResumingReader {
        private final String token;
        private final List<EventStreamClient.Event> events = new ArrayList<>();
        private EventStreamClient current;
        private long lastId;

        ResumingReader(String token) {
            this(token, null);
        }

        ResumingReader(String token, Long from) {
            this.token = token;
            this.lastId = from == null ? 0 : from;
            current = open(token, from);
        }

        /** Collects what arrived, reconnecting if the server ended the stream; the count of the run's events. */
        synchronized int poll(String run) {
            if (current.ended()) {
                take();
                current.close();
                current = open(token, lastId);
            }
            return ids(run).size();
        }

        synchronized List<Long> ids(String run) {
            take();
            return ofRun(events, run);
        }

        private void take() {
            for (EventStreamClient.Event e : current.events) {
                if (e.id() > lastId) {
                    if (!"ready".equals(e.type())) {
                        events.add(e);
                    }
                    lastId = e.id();
                }
            }
        }

        synchronized void close() {
            current.close();
        }
    }

    private static List<Long> ofRun(List<EventStreamClient.Event> events, String run) {
        return events.stream().filter(e -> e.data().path("attributes").path("reason").asText().startsWith(run + "-"))
                .map(EventStreamClient.Event::id).toList();
    }

    /** Opens the stream on a raw socket with a tiny receive buffer and reads nothing until told to. */
    private static final class SlowReader implements AutoCloseable {
        private final java.net.Socket socket = new java.net.Socket();
        private final java.io.InputStream in;

        SlowReader(URI url) throws java.io.IOException {
            socket.setReceiveBufferSize(2048);
            socket.connect(new java.net.InetSocketAddress(url.getHost(), url.getPort()), 5000);
            socket.getOutputStream().write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: "
                    + url.getHost() + ":" + url.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in = new java.io.BufferedInputStream(socket.getInputStream());
            String status = line();
            assertThat(status).startsWith("HTTP/1.1 200");
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                // headers
            }
        }

        /** A line without its end, or null at the end of the stream. */
        private String line() throws java.io.IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return c == -1 && b.length() == 0 ? null : b.toString();
        }

        /** Reads the (chunked) body until the server ends it; the events received whole. */
        List<EventStreamClient.Event> readToEnd(Duration timeout) throws java.io.IOException {
            // keep-alive comments arrive every few seconds: the deadline is for the whole read
            long deadline = System.nanoTime() + timeout.toNanos();
            socket.setSoTimeout((int) timeout.toMillis());
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            try {
                for (;;) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the server never ended the slow client's stream ("
                                + body.size() + " bytes read)");
                    }
                    String size = line();
                    if (size == null) {
                        break;
                    }
                    if (size.isEmpty()) {
                        continue; // the end of a chunk
                    }
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        break;
                    }
                    body.write(in.readNBytes(n));
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the server never ended the slow client's stream", e);
            } catch (java.io.IOException e) {
                // reset by the server: what arrived before counts
            }
            List<EventStreamClient.Event> events = new ArrayList<>();
            String text = body.toString(java.nio.charset.StandardCharsets.UTF_8);
            // a frame is received whole only with its blank line
            text = text.substring(0, text.lastIndexOf("\n\n") + 2);
            for (String frame : text.split("\n\n")) {
                long id = -1;
                String type = "message";
                StringBuilder data = new StringBuilder();
                for (String l : frame.split("\n")) {
                    if (l.startsWith("id: ")) {
                        id = Long.parseLong(l.substring(4));
                    } else if (l.startsWith("event: ")) {
                        type = l.substring(7);
                    } else if (l.startsWith("data: ")) {
                        data.append(l.substring(6));
                    }
                }
                if (id >= 0 && data.length() > 0) {
                    events.add(new EventStreamClient.Event(id, type, E2eStack.JSON.readTree(data.toString())));
                }
            }
            return events;
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private static List<String> kinds(EventStreamClient c) {
        return c.notifications().stream().map(e -> e.data().path("kind").asText()).toList();
    }

    private static List<String> lockIds(EventStreamClient c) {
        return c.notifications().stream().map(e -> e.data().path("lockId").asText(null))
                .filter(java.util.Objects::nonNull).toList();
    }
}
