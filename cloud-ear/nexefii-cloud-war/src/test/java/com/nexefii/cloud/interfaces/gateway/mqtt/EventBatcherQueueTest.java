package com.nexefii.cloud.interfaces.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ingest queue is bounded: a full queue makes the MQTT thread wait, it never drops or acknowledges. */
class EventBatcherQueueTest {

    private static AuditEvent event(long seq) {
        return new AuditEvent(UUID.randomUUID(), new PropertyId("hotel-a"), AuditEvent.Source.GATEWAY, "gw-a1",
                "room-101", seq, "UNLOCKED", Priority.NORMAL, Instant.now(), Instant.now(), null, null, null, Map.of());
    }

    private static EventBatcher batcher(int capacity, int batchSize) {
        EventBatcher batcher = new EventBatcher();
        batcher.queueCapacity = capacity;
        batcher.batchSize = batchSize;
        batcher.createQueue();
        return batcher;
    }

    @Test
    void givenAFullQueue_whenAnotherEventArrives_thenTheMqttThreadWaitsUntilIngestMakesRoom() throws Exception {
        EventBatcher batcher = batcher(2, 1);
        AtomicInteger acks = new AtomicInteger();
        batcher.submit(event(1), acks::incrementAndGet);
        batcher.submit(event(2), acks::incrementAndGet);

        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> batcher.submit(event(3), acks::incrementAndGet));
        assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(batcher.depth()).isEqualTo(2);
        assertThat(batcher.intakePauses()).isEqualTo(1);

        assertThat(batcher.queue.poll().event().seq()).isEqualTo(1L); // the worker takes one

        third.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.depth() == 2);
        assertThat(batcher.queue).extracting(p -> p.event().seq()).containsExactly(2L, 3L);
        assertThat(acks).hasValue(0); // nothing is acknowledged before its commit
    }

    @Test
    void givenACapacityBelowTheBatchSize_whenCreated_thenTheErrorNamesTheProperty() {
        EventBatcher batcher = new EventBatcher();
        batcher.queueCapacity = 100;
        batcher.batchSize = 500;
        assertThatThrownBy(batcher::createQueue).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("nexefii.ingest.queue-capacity:");
    }
}
