package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.cloud.infrastructure.messaging.webhook.WebhookSignature;
import com.nexefii.stack.fixture.Http;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A receiver on 127.0.0.1 that fails once: the delivery is signed, retried with backoff, and logged. */
class WebhookIT {

    record Received(String signature, String eventType, String body) {
    }

    static CloudStack stack;
    static Http http;
    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    @BeforeEach
    void receiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    exchange.getRequestHeaders().getFirst("X-Nexefii-Event-Type"), body));
            exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void givenSubscription_whenMatchingEventArrivesAndReceiverFailsOnce_thenSignedDeliveryIsRetriedUntilDelivered() {
        String admin = stack.token("admin-a");
        Http.Answer subscribed = http.post("/api/v1/properties/hotel-a/webhooks", admin, Map.of("url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "eventTypes", List.of("DOOR_FORCED")), Map.of());
        assertThat(subscribed.status()).isEqualTo(201);
        String secret = subscribed.json().path("secret").asText();
        String webhookId = subscribed.json().path("webhookId").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(http.get("/api/v1/properties/hotel-a/webhooks", admin).body()).doesNotContain(secret);

        UUID eventId = UUID.randomUUID();
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            gw.publishJson("evt", gw.event(UUID.randomUUID(), GatewayClient.nextSeq(), "DOOR_OPENED", "it-door", Map.of()), false);
            gw.publishJson("evt", gw.event(eventId, GatewayClient.nextSeq(), "DOOR_FORCED", "it-door", Map.of()), false);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 2);
        for (Received r : received) {
            assertThat(r.eventType()).isEqualTo("DOOR_FORCED");
            assertThat(WebhookSignature.verify(secret, r.signature(), r.body())).isTrue();
            assertThat(WebhookSignature.verify("wrong-secret", r.signature(), r.body())).isFalse();
            assertThat(r.body()).contains(eventId.toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode log = http.get("/api/v1/properties/hotel-a/webhooks/" + webhookId + "/deliveries", admin).json();
            return log.size() == 1 && log.get(0).path("status").asText().equals("DELIVERED");
        });
        JsonNode delivery = http.get("/api/v1/properties/hotel-a/webhooks/" + webhookId + "/deliveries", admin).json().get(0);
        assertThat(delivery.path("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(204);
        assertThat(http.get("/api/v1/properties/hotel-b/webhooks/" + webhookId + "/deliveries", stack.token("admin-b"))
                .status()).isEqualTo(404);
    }
}
