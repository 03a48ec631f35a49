package com.nexefii.lock.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

import com.nexefii.lock.api.DurabilityTicket;
import com.nexefii.lock.api.DurableLockEventListener;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventType;

/** The publisher with a durable listener that takes events in two phases, and the sequence it continues from. */
class TwoPhaseDurableListenerTest {

    @TempDir
    Path dir;

    private final List<LockEventPublisherComponent> started = new ArrayList<>();
    private long nextServiceId = 500;

    @AfterEach
    void deactivate() {
        started.forEach(LockEventPublisherComponent::deactivate);
    }

    private LockEventPublisherComponent publisher(boolean requireDurable) throws Exception {
        LockEventPublisherComponent publisher = new LockEventPublisherComponent();
        publisher.activateWith(new TestConfig("hotel-1", "gw-1", dir.toString(), requireDurable), null);
        started.add(publisher);
        return publisher;
    }

    private Map<String, Object> props(int ranking, boolean durable) {
        return Map.of(Constants.SERVICE_ID, nextServiceId++, Constants.SERVICE_RANKING, ranking,
                LockEventListener.DURABLE, durable);
    }

    /** A store whose events become durable only when the test flushes it. */
    static final class HeldStore implements DurableLockEventListener {
        final List<Long> staged = new CopyOnWriteArrayList<>();
        final CountDownLatch flush = new CountDownLatch(1);
        volatile OptionalLong last = OptionalLong.empty();
        volatile long failFrom = Long.MAX_VALUE;

        @Override
        public DurabilityTicket stage(LockEvent event) {
            staged.add(event.sequence());
            return () -> {
                try {
                    if (!flush.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never flushed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (event.sequence() >= failFrom) {
                    throw new IllegalStateException("fsync failed");
                }
            };
        }

        @Override
        public OptionalLong lastSequence() {
            return last;
        }
    }

    @Test
    void givenATwoPhaseStore_whenManyThreadsPublish_thenAllStageBeforeOneFlushAndOthersHearThemOnlyAfterItInOrder()
            throws Exception {
        LockEventPublisherComponent publisher = publisher(true);
        HeldStore store = new HeldStore();
        publisher.addListener(store, props(Integer.MAX_VALUE, true));
        List<Long> heard = new CopyOnWriteArrayList<>();
        publisher.addListener(e -> heard.add(e.sequence()), props(0, false));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<LockEvent>> published = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            published.add(pool.submit(() -> publisher.publish("room-1", LockEventType.UNLOCKED, Map.of())));
        }

        // every publisher staged while none is durable yet: nobody waits for the disk under the lock
        await().atMost(Duration.ofSeconds(20)).until(() -> store.staged.size() == threads);
        assertThat(heard).as("nobody hears of an event before it is durable").isEmpty();
        assertThat(published).noneMatch(Future::isDone);
        store.flush.countDown();
        for (Future<LockEvent> f : published) {
            f.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(store.staged).as("staged in sequence order").isSorted().doesNotHaveDuplicates();
        assertThat(heard).as("heard after durability, in sequence order").isSorted().hasSize(threads)
                .containsExactlyElementsOf(store.staged);
    }

    @Test
    void givenAStoreThatCannotMakeAnEventDurable_whenPublished_thenPublishFailsNobodyHearsItAndLaterEventsFlow()
            throws Exception {
        LockEventPublisherComponent publisher = publisher(true);
        HeldStore store = new HeldStore();
        store.flush.countDown();
        publisher.addListener(store, props(Integer.MAX_VALUE, true));
        List<Long> heard = new CopyOnWriteArrayList<>();
        publisher.addListener(e -> heard.add(e.sequence()), props(0, false));
        long ok = publisher.publish("room-1", LockEventType.LOCKED, Map.of()).sequence();

        store.failFrom = ok + 1;
        assertThatThrownBy(() -> publisher.publish("room-1", LockEventType.DOOR_FORCED, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not made durable");
        store.failFrom = Long.MAX_VALUE;
        long after = publisher.publish("room-1", LockEventType.LOCKED, Map.of()).sequence();

        assertThat(heard).containsExactly(ok, after);
    }

    @Test
    void givenAListenerThatPublishesFromItsOnEvent_whenAnEventIsPublished_thenBothAreHeardInOrderAndNothingHangs()
            throws Exception {
        LockEventPublisherComponent publisher = publisher(true);
        HeldStore store = new HeldStore();
        store.flush.countDown();
        publisher.addListener(store, props(Integer.MAX_VALUE, true));
        List<LockEventType> heard = new CopyOnWriteArrayList<>();
        publisher.addListener(e -> {
            heard.add(e.type());
            if (e.type() == LockEventType.DOOR_FORCED) {
                publisher.publish(e.lockId(), LockEventType.GATEWAY_ALARM, Map.of("cause", "door-forced"));
            }
        }, props(0, false));

        ExecutorService single = Executors.newSingleThreadExecutor();
        single.submit(() -> publisher.publish("room-1", LockEventType.DOOR_FORCED, Map.of())).get(20, TimeUnit.SECONDS);
        single.shutdown();

        await().atMost(Duration.ofSeconds(20)).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly(LockEventType.DOOR_FORCED, LockEventType.GATEWAY_ALARM);
        assertThat(store.staged).hasSize(2).isSorted();
    }

    @Test
    void givenAStoreHoldingEventsUpToN_whenThePublisherStartsAgain_thenTheNextSequenceIsNPlusOneAlthoughABlockWasReserved()
            throws Exception {
        LockEventPublisherComponent first = publisher(true);
        HeldStore store = new HeldStore();
        store.flush.countDown();
        first.addListener(store, props(Integer.MAX_VALUE, true));
        for (int i = 0; i < 5; i++) {
            first.publish("room-1", LockEventType.LOCKED, Map.of());
        }
        long lastStored = store.staged.get(store.staged.size() - 1);
        first.deactivate();
        started.remove(first);
        store.last = OptionalLong.of(lastStored);

        // as SCR does it: references bound before activation
        LockEventPublisherComponent restarted = new LockEventPublisherComponent();
        restarted.addListener(store, props(Integer.MAX_VALUE, true));
        restarted.activateWith(new TestConfig("hotel-1", "gw-1", dir.toString(), true), null);
        started.add(restarted);

        assertThat(restarted.publish("room-1", LockEventType.UNLOCKED, Map.of()).sequence()).isEqualTo(lastStored + 1);
    }

    @Test
    void givenThePublisherStartedBeforeTheStore_whenTheStoreIsBoundBeforeTheFirstEvent_thenNumbersContinueAfterIt()
            throws Exception {
        publisher(true).deactivate();
        LockEventPublisherComponent publisher = publisher(true);
        HeldStore store = new HeldStore();
        store.flush.countDown();
        store.last = OptionalLong.of(41);

        publisher.addListener(store, props(Integer.MAX_VALUE, true));

        assertThat(publisher.publish("room-1", LockEventType.UNLOCKED, Map.of()).sequence()).isEqualTo(42);
    }

    @Test
    void givenEventsAlreadyNumberedInThisRun_whenAStoreWithALowerLastSequenceIsBound_thenNumbersNeverGoBack()
            throws Exception {
        LockEventPublisherComponent publisher = publisher(false);
        long before = publisher.publish("room-1", LockEventType.LOCKED, Map.of()).sequence();
        HeldStore store = new HeldStore();
        store.flush.countDown();
        store.last = OptionalLong.of(0);

        publisher.addListener(store, props(Integer.MAX_VALUE, true));

        assertThat(publisher.publish("room-1", LockEventType.UNLOCKED, Map.of()).sequence()).isEqualTo(before + 1);
    }

    @Test
    void givenAStoreThatDoesNotKnowItsLastSequence_whenThePublisherRestarts_thenItContinuesAboveTheReservedBlock()
            throws Exception {
        LockEventPublisherComponent first = publisher(true);
        HeldStore store = new HeldStore();
        store.flush.countDown();
        first.addListener(store, props(Integer.MAX_VALUE, true));
        long before = first.publish("room-1", LockEventType.LOCKED, Map.of()).sequence();
        first.deactivate();
        started.remove(first);

        LockEventPublisherComponent restarted = new LockEventPublisherComponent();
        restarted.addListener(store, props(Integer.MAX_VALUE, true));
        restarted.activateWith(new TestConfig("hotel-1", "gw-1", dir.toString(), true), null);
        started.add(restarted);

        assertThat(restarted.publish("room-1", LockEventType.UNLOCKED, Map.of()).sequence())
                .isGreaterThanOrEqualTo(before + LockEventPublisherComponent.SEQUENCE_BLOCK);
    }
}
