package com.nexefii.cloud.infrastructure.messaging.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.application.WebhookTargets;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.webhook.DeliveryStatus;
import com.nexefii.cloud.domain.model.webhook.Webhook;
import com.nexefii.cloud.domain.model.webhook.WebhookDelivery;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {

    HttpServer receiver;
    final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void receiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** A dispatcher whose webhook host answers 127.0.0.1 (allow-listed) first, then the metadata address. */
    private static WebhookDispatcher rebinding(Deque<String> answers) {
        WebhookDispatcher dispatcher = new WebhookDispatcher();
        dispatcher.targets = new WebhookTargets(Set.of("http"), List.of("127.0.0.1"),
                host -> new InetAddress[] { InetAddress.getByName(answers.removeFirst()) });
        dispatcher.timeout = Duration.ofSeconds(5);
        return dispatcher;
    }

    @Test
    void givenNameRebindingToTheMetadataServiceAfterADelivery_whenDeliveringAgain_thenRefusedForGoodWithoutAnyRequest()
            throws Exception {
        PropertyId p = new PropertyId("hotel-a");
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        Webhook webhook = new Webhook(p, UUID.randomUUID(), url, Set.of("*"), "secret", true, Instant.now());
        WebhookDelivery delivery = new WebhookDelivery(p, UUID.randomUUID(), webhook.webhookId(), UUID.randomUUID(),
                "DOOR_FORCED", "{}", DeliveryStatus.PENDING, 0, Instant.now(), null, null, Instant.now(), null);
        WebhookDispatcher dispatcher = rebinding(new ArrayDeque<>(List.of("127.0.0.1", "169.254.169.254")));

        WebhookDispatcher.Attempt first = dispatcher.attempt(webhook, delivery, 1_795_600_000L);
        assertThat(first.status()).isEqualTo(204);
        assertThat(first.error()).isNull();
        assertThat(received.get()).isEqualTo(1);

        WebhookDispatcher.Attempt second = dispatcher.attempt(webhook, delivery, 1_795_600_001L);
        assertThat(second.status()).isNull();
        assertThat(second.refusedForGood()).isTrue();
        assertThat(second.error()).contains("169.254.169.254");
        assertThat(received.get()).as("nothing sent to a refused address").isEqualTo(1);
    }
}
