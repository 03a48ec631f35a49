package com.nexefii.event.store.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.api.CommandType;

@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-t"),
        @Property(key = "gatewayId", value = "gw-t") })
@WithConfiguration(pid = "com.nexefii.event.store", location = "?", properties = {
        @Property(key = "durabilityMode", value = "GROUP_COMMIT") })
@WithFactoryConfiguration(factoryPid = "com.nexefii.lock.simulator", name = "store-test", location = "?", properties = {
        @Property(key = "adapterId", value = "sim-store"),
        @Property(key = "lockCount", value = "3"),
        @Property(key = "lockIdPrefix", value = "st-"),
        @Property(key = "latencyMinMillis", value = "1"),
        @Property(key = "latencyMaxMillis", value = "5"),
        @Property(key = "doorOpenAfterUnlockProbability", value = "0") })
class EventStoreInFrameworkTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void givenTheStore_thenItIsTheDurableListenerWithTheHighestRanking(
            @InjectService(filter = "(nexefii.lock.event.durable=true)", timeout = 20_000) ServiceAware<LockEventListener> durable) {
        assertThat(durable.getServiceReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getProperty(Constants.SERVICE_RANKING)).isEqualTo(Integer.MAX_VALUE);
            assertThat((String[]) ref.getProperty(Constants.OBJECTCLASS)).contains(EventStore.class.getName());
        });
    }

    @Test
    void givenThePublisherAndTheStore_whenAnEventIsPublished_thenTheStoreHoldsItWhenPublishReturns(
            @InjectService(timeout = 20_000) EventStore store,
            @InjectService(timeout = 20_000) LockEventPublisher publisher,
            @InjectService(filter = "(nexefii.lock.event.durable=true)", timeout = 20_000) LockEventListener durable) {
        LockEvent event = publisher.publish("st-001", LockEventType.DOOR_FORCED, Map.of("source", "test"));

        // no waiting: the publisher returns only after the durable listener appended the event
        assertThat(store.readFrom(store.acknowledgedUpTo(), 100_000)).extracting(StoredEvent::event).contains(event);
    }

    @Test
    void givenStoredEvents_whenAcknowledged_thenTheyLeaveTheQueue(
            @InjectService(timeout = 20_000) EventStore store,
            @InjectService(timeout = 20_000) LockEventPublisher publisher,
            @InjectService(filter = "(nexefii.lock.event.durable=true)", timeout = 20_000) LockEventListener durable) {
        publisher.publish("st-002", LockEventType.LOCKED, Map.of());
        StoredEvent newest = store.readFrom(store.acknowledgedUpTo(), 100_000).stream().reduce((a, b) -> b).orElseThrow();

        store.acknowledge(newest.offset());

        // the simulated locks may report something meanwhile (a relock): only newer events remain
        assertThat(store.readFrom(0, 100_000)).allMatch(e -> e.offset() > newest.offset());
        assertThat(store.acknowledgedUpTo()).isGreaterThanOrEqualTo(newest.offset());
    }

    @Test
    void givenSimulatedLocks_whenOneIsUnlockedThroughTheRouter_thenItsResultEventIsStored(
            @InjectService(timeout = 20_000) EventStore store,
            @InjectService(timeout = 20_000) LockRouter router,
            @InjectService(filter = "(nexefii.lock.adapter.id=sim-store)", timeout = 20_000) LockAdapter adapter)
            throws Exception {
        LockCommand unlock = LockCommand.of(CommandType.UNLOCK, "st-001", Duration.ofSeconds(10), "test");

        LockResult result = router.execute(unlock).toCompletableFuture().get();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        await().atMost(WAIT).until(() -> store.readFrom(0, 100_000).stream().map(StoredEvent::event)
                .anyMatch(e -> e.type() == LockEventType.COMMAND_RESULT
                        && unlock.commandId().equals(e.attributes().get("commandId"))));
    }

    @Test
    void givenNoAdapterOwnsALock_whenTheRouterIsAsked_thenUnknownLockIsAnsweredAndStored(
            @InjectService(timeout = 20_000) EventStore store,
            @InjectService(timeout = 20_000) LockRouter router,
            @InjectService(filter = "(nexefii.lock.event.durable=true)", timeout = 20_000) LockEventListener durable)
            throws Exception {
        LockCommand command = LockCommand.of(CommandType.UNLOCK, "nobody-owns-this", Duration.ofSeconds(10), "test");

        LockResult result = router.execute(command).toCompletableFuture().get();

        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(store.readFrom(0, 100_000)).extracting(StoredEvent::event)
                .anyMatch(e -> command.commandId().equals(e.attributes().get("commandId"))
                        && "UNKNOWN_LOCK".equals(e.attributes().get("outcome")));
    }

    @Test
    void givenAnExpiredCommand_whenRouted_thenExpiredWithoutReachingTheLock(
            @InjectService(timeout = 20_000) LockRouter router,
            @InjectService(filter = "(nexefii.lock.adapter.id=sim-store)", timeout = 20_000) LockAdapter adapter)
            throws Exception {
        LockCommand expired = new LockCommand("expired-1", "st-003", CommandType.UNLOCK,
                java.time.Instant.now().minusSeconds(1), null, null, "test");

        assertThat(router.execute(expired).toCompletableFuture().get().outcome()).isEqualTo(Outcome.EXPIRED);
    }
}
