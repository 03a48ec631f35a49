package com.nexefii.lock.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventType;

class LockEventPublisherComponentTest {

    @TempDir
    Path dir;

    private final LockEventPublisherComponent publisher = new LockEventPublisherComponent();
    private long nextServiceId = 100;

    @BeforeEach
    void activate() throws Exception {
        publisher.activateWith(new TestConfig("hotel-1", "gw-1", dir.toString()), null);
    }

    @AfterEach
    void deactivate() {
        publisher.deactivate();
    }

    private Map<String, Object> props(int ranking, boolean durable) {
        return Map.of(Constants.SERVICE_ID, nextServiceId++, Constants.SERVICE_RANKING, ranking,
                LockEventListener.DURABLE, durable);
    }

    @Test
    void givenAnEvent_whenPublished_thenItIsStampedWithIdentityAndSequence() {
        LockEvent first = publisher.publish("room-101", LockEventType.LOCKED, Map.of("method", "manual"));
        LockEvent second = publisher.publish(null, LockEventType.GATEWAY_ALARM, null);

        assertThat(first.propertyId()).isEqualTo("hotel-1");
        assertThat(first.gatewayId()).isEqualTo("gw-1");
        assertThat(first.lockId()).isEqualTo("room-101");
        assertThat(first.attributes()).containsEntry("method", "manual");
        assertThat(first.eventId()).isNotEqualTo(second.eventId()).hasSize(36);
        assertThat(second.sequence()).isGreaterThan(first.sequence());
        assertThat(second.attributes()).isEmpty();
    }

    @Test
    void givenAnEventKey_whenTheSameOccurrenceIsPublishedTwice_thenBothCopiesCarryOneDerivedIdAndTheirOwnSequence() {
        LockEvent first = publisher.publish("room-101", LockEventType.DOOR_FORCED, Map.of(), "tcp/a/ctrl/7/42");
        LockEvent again = publisher.publish("room-101", LockEventType.DOOR_FORCED, Map.of(), "tcp/a/ctrl/7/42");
        LockEvent other = publisher.publish("room-101", LockEventType.DOOR_FORCED, Map.of(), "tcp/a/ctrl/7/43");
        LockEvent unkeyed = publisher.publish("room-101", LockEventType.DOOR_FORCED, Map.of(), null);

        assertThat(first.eventId()).isEqualTo(again.eventId())
                .isEqualTo(LockEvent.idFor("hotel-1", "gw-1", "tcp/a/ctrl/7/42"));
        assertThat(again.sequence()).isGreaterThan(first.sequence());
        assertThat(other.eventId()).isNotEqualTo(first.eventId());
        assertThat(unkeyed.eventId()).isNotIn(first.eventId(), other.eventId()).hasSize(36);
    }

    @Test
    void givenListenersWithRankings_whenPublished_thenHigherRankingHearsFirst() {
        List<String> calls = new CopyOnWriteArrayList<>();
        publisher.addListener(e -> calls.add("low"), props(-5, false));
        publisher.addListener(e -> calls.add("store"), props(1000, true));
        publisher.addListener(e -> calls.add("default"), props(0, false));

        publisher.publish("room-1", LockEventType.LOCKED, Map.of());

        assertThat(calls).containsExactly("store", "default", "low");
    }

    @Test
    void givenADurableListenerThatFails_whenPublished_thenPublishThrowsAndNobodyElseHearsIt() {
        List<LockEvent> heard = new CopyOnWriteArrayList<>();
        List<Event> posted = new CopyOnWriteArrayList<>();
        publisher.addListener(e -> {
            throw new IllegalStateException("disk full");
        }, props(1000, true));
        publisher.addListener(heard::add, props(0, false));
        publisher.setEventAdmin(recordingEventAdmin(posted));

        assertThatThrownBy(() -> publisher.publish("room-1", LockEventType.DOOR_FORCED, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("disk full");
        assertThat(heard).isEmpty();
        assertThat(posted).isEmpty();
    }

    @Test
    void givenAnOrdinaryListenerThatFails_whenPublished_thenTheFailureIsCountedAndOthersStillHearIt() {
        List<LockEvent> heard = new CopyOnWriteArrayList<>();
        publisher.addListener(e -> {
            throw new IllegalStateException("bug");
        }, props(10, false));
        publisher.addListener(heard::add, props(0, false));

        publisher.publish("room-1", LockEventType.LOCKED, Map.of());

        assertThat(heard).hasSize(1);
        assertThat(publisher.listenerFailures()).isEqualTo(1);
    }

    @Test
    void givenARemovedListener_whenPublished_thenItHearsNothing() {
        List<LockEvent> heard = new CopyOnWriteArrayList<>();
        LockEventListener listener = heard::add;
        Map<String, Object> properties = props(0, false);
        publisher.addListener(listener, properties);
        publisher.removeListener(listener, properties);

        publisher.publish("room-1", LockEventType.LOCKED, Map.of());

        assertThat(heard).isEmpty();
    }

    @Test
    void givenEventAdmin_whenPublished_thenTheEventIsPostedOnItsTypeTopic() {
        List<Event> posted = new CopyOnWriteArrayList<>();
        publisher.setEventAdmin(recordingEventAdmin(posted));

        LockEvent event = publisher.publish("room-7", LockEventType.JAMMED, Map.of());

        assertThat(posted).singleElement().satisfies(e -> {
            assertThat(e.getTopic()).isEqualTo("com/nexefii/lock/event/JAMMED");
            assertThat(e.getProperty(LockEvent.EVENT_PROPERTY)).isEqualTo(event);
            assertThat(e.getProperty("lockId")).isEqualTo("room-7");
            assertThat(e.getProperty("sequence")).isEqualTo(event.sequence());
        });
    }

    @Test
    void givenManyThreadsPublishing_whenAListenerRecords_thenItSeesEverySequenceOnceInStrictlyIncreasingOrder()
            throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        publisher.addListener(e -> seen.add(e.sequence()), props(0, false));
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    publisher.publish("room-" + i, LockEventType.BATTERY_LEVEL, Map.of("percent", "50"));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(seen).hasSize(threads * perThread).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void givenARestartOfTheComponent_whenPublishedAgain_thenTheSequenceContinuesAboveTheOldOne() throws Exception {
        long before = publisher.publish("room-1", LockEventType.LOCKED, Map.of()).sequence();
        publisher.deactivate();

        LockEventPublisherComponent restarted = new LockEventPublisherComponent();
        restarted.activateWith(new TestConfig("hotel-1", "gw-1", dir.toString()), null);
        long after = restarted.publish("room-1", LockEventType.UNLOCKED, Map.of()).sequence();
        restarted.deactivate();

        assertThat(after).isGreaterThan(before);
    }

    @Test
    void givenTheStoreIsRequiredButNotBound_whenPublished_thenRefusedUntilItIsBound(@TempDir Path other)
            throws Exception {
        LockEventPublisherComponent strict = new LockEventPublisherComponent();
        strict.activateWith(new TestConfig("hotel-1", "gw-1", other.toString(), true), null);
        List<LockEvent> heard = new CopyOnWriteArrayList<>();
        strict.addListener(heard::add, props(0, false));

        assertThatThrownBy(() -> strict.publish("room-1", LockEventType.UNLOCKED, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no durable event store");
        assertThat(heard).isEmpty();

        strict.addListener(e -> { }, props(1000, true));
        strict.publish("room-1", LockEventType.UNLOCKED, Map.of());
        assertThat(heard).hasSize(1);
    }

    @Test
    void givenTheStoreIsRequiredAndBeingReplaced_whenPublishedBeforeTheNewStoreIsBound_thenTheEventWaitsAndIsKept(
            @TempDir Path other) throws Exception {
        LockEventPublisherComponent strict = new LockEventPublisherComponent();
        strict.activateWith(new TestConfig("hotel-1", "gw-1", other.toString(), true, 30_000), null);
        List<LockEvent> stored = new CopyOnWriteArrayList<>();
        ExecutorService adapter = Executors.newSingleThreadExecutor();
        try {
            Future<LockEvent> reported = adapter.submit(() -> strict.publish("room-1", LockEventType.LOCK_ONLINE, Map.of()));
            assertThatThrownBy(() -> reported.get(200, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);

            strict.addListener(stored::add, props(1000, true));

            LockEvent event = reported.get(10, TimeUnit.SECONDS);
            assertThat(stored).containsExactly(event);
        } finally {
            adapter.shutdownNow();
            strict.deactivate();
        }
    }

    @Test
    void givenTheStoreIsRequiredAndNeverComes_whenTheWaitEnds_thenTheEventIsRefusedAndNobodyHearsIt(
            @TempDir Path other) throws Exception {
        LockEventPublisherComponent strict = new LockEventPublisherComponent();
        strict.activateWith(new TestConfig("hotel-1", "gw-1", other.toString(), true, 50), null);
        List<LockEvent> heard = new CopyOnWriteArrayList<>();
        strict.addListener(heard::add, props(0, false));

        assertThatThrownBy(() -> strict.publish("room-1", LockEventType.LOCK_ONLINE, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no durable event store");
        assertThat(heard).isEmpty();
        assertThat(strict.refusedWithoutStore()).isEqualTo(1);

        // refused at once now (the store did not come back), until a store is bound again
        assertThatThrownBy(() -> strict.publish("room-2", LockEventType.LOCK_ONLINE, Map.of()))
                .hasMessageContaining("no durable event store");
        strict.addListener(e -> { }, props(1000, true));
        strict.publish("room-3", LockEventType.LOCK_ONLINE, Map.of());
        assertThat(heard).extracting(LockEvent::lockId).containsExactly("room-3");
        strict.deactivate();
    }

    @Test
    void givenAPublishWaitingForTheStore_whenThePublisherStops_thenThePublishIsRefusedAtOnce(@TempDir Path other)
            throws Exception {
        LockEventPublisherComponent strict = new LockEventPublisherComponent();
        strict.activateWith(new TestConfig("hotel-1", "gw-1", other.toString(), true, 60_000), null);
        ExecutorService adapter = Executors.newSingleThreadExecutor();
        try {
            Future<LockEvent> reported = adapter.submit(() -> strict.publish("room-1", LockEventType.LOCK_ONLINE, Map.of()));
            assertThatThrownBy(() -> reported.get(200, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);

            strict.deactivate();

            assertThatThrownBy(() -> reported.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("not active");
        } finally {
            adapter.shutdownNow();
        }
    }

    @Test
    void givenTheSameListenerServiceBoundTwice_whenPublished_thenItHearsTheEventOnce() {
        List<LockEvent> heard = new CopyOnWriteArrayList<>();
        LockEventListener listener = heard::add;
        Map<String, Object> sameService = props(0, false);
        publisher.addListener(listener, sameService);
        publisher.addListener(listener, sameService);

        publisher.publish("room-1", LockEventType.LOCKED, Map.of());

        assertThat(heard).hasSize(1);
    }

    @Test
    void givenADeactivatedPublisher_whenPublished_thenItRefuses() {
        publisher.deactivate();

        assertThatThrownBy(() -> publisher.publish("room-1", LockEventType.LOCKED, Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    private static EventAdmin recordingEventAdmin(List<Event> posted) {
        return new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
    }
}
