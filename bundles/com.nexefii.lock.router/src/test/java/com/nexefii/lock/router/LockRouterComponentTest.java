package com.nexefii.lock.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.RecordingPublisher;

class LockRouterComponentTest {

    private final RecordingPublisher publisher = new RecordingPublisher("hotel-a", "gw-a1");
    private final LockRouterComponent router = new LockRouterComponent();

    @BeforeEach
    void wire() {
        router.publisher = publisher;
        router.activate(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        router.deactivate();
    }

    private LockRouterComponent routerWaiting(Duration replacementWait) {
        LockRouterComponent waiting = new LockRouterComponent();
        waiting.publisher = publisher;
        waiting.activate(replacementWait);
        return waiting;
    }

    @Test
    void givenAnAdapterBeingReplaced_whenItsLockIsCommandedMeanwhile_thenTheCommandWaitsAndTheNewAdapterExecutesIt()
            throws Exception {
        LockRouterComponent waiting = routerWaiting(Duration.ofSeconds(10));
        try {
            FakeAdapter oldVersion = new FakeAdapter("a", "lock-1");
            waiting.addAdapter(oldVersion);
            waiting.removeAdapter(oldVersion);

            CompletableFuture<LockResult> result = waiting.execute(command("lock-1")).toCompletableFuture();
            assertThat(result).isNotDone();
            FakeAdapter newVersion = new FakeAdapter("a", "lock-1");
            waiting.addAdapter(newVersion);

            assertThat(result.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
            assertThat(newVersion.executed).hasSize(1);
            assertThat(oldVersion.executed).isEmpty();
            assertThat(waiting.heldForReplacementCount()).isEqualTo(1);
            assertThat(publisher.events()).isEmpty();
        } finally {
            waiting.deactivate();
        }
    }

    @Test
    void givenAnAdapterThatLeavesForGood_whenItsLockIsCommanded_thenUnknownLockAfterTheWaitPublishedOnce() throws Exception {
        LockRouterComponent waiting = routerWaiting(Duration.ofMillis(200));
        try {
            FakeAdapter a = new FakeAdapter("a", "lock-1");
            waiting.addAdapter(a);
            waiting.removeAdapter(a);

            LockResult result = waiting.execute(command("lock-1")).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
            assertThat(result.detail()).contains("none took its place");
            assertThat(publisher.events()).singleElement()
                    .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "UNKNOWN_LOCK"));
        } finally {
            waiting.deactivate();
        }
    }

    @Test
    void givenACommandWhoseDeadlineEndsBeforeTheWait_whenNoAdapterReturns_thenExpiredAtItsDeadline() throws Exception {
        LockRouterComponent waiting = routerWaiting(Duration.ofSeconds(30));
        try {
            FakeAdapter a = new FakeAdapter("a", "lock-1");
            waiting.addAdapter(a);
            waiting.removeAdapter(a);

            LockResult result = waiting.execute(LockCommand.of(CommandType.UNLOCK, "lock-1", Duration.ofMillis(300),
                    "test")).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(Outcome.EXPIRED);
            assertThat(publisher.events()).hasSize(1);
        } finally {
            waiting.deactivate();
        }
    }

    @Test
    void givenALockNoAdapterEverOwned_whenCommandedWithAWait_thenUnknownLockAtOnce() throws Exception {
        LockRouterComponent waiting = routerWaiting(Duration.ofSeconds(30));
        try {
            CompletableFuture<LockResult> result = waiting.execute(command("lock-9")).toCompletableFuture();

            assertThat(result).isDone();
            assertThat(result.get().outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        } finally {
            waiting.deactivate();
        }
    }

    @Test
    void givenAHeldCommand_whenTheRouterStops_thenItIsCancelledNotLeftHanging() throws Exception {
        LockRouterComponent waiting = routerWaiting(Duration.ofSeconds(30));
        FakeAdapter a = new FakeAdapter("a", "lock-1");
        waiting.addAdapter(a);
        waiting.removeAdapter(a);
        CompletableFuture<LockResult> result = waiting.execute(command("lock-1")).toCompletableFuture();

        waiting.deactivate();

        assertThat(result.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void givenTwoAdapters_whenACommandTargetsALockOfTheSecond_thenOnlyTheSecondExecutesIt() throws Exception {
        FakeAdapter a = new FakeAdapter("a", "lock-1");
        FakeAdapter b = new FakeAdapter("b", "lock-2");
        router.addAdapter(a);
        router.addAdapter(b);

        LockResult result = router.execute(command("lock-2")).toCompletableFuture().get();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(a.executed).isEmpty();
        assertThat(b.executed).hasSize(1);
        assertThat(publisher.events()).isEmpty(); // the adapter publishes its own result
    }

    @Test
    void givenAnAdapterThatAnswersLater_whenItsResultArrives_thenTheDispatchToResultTimeIsPostedForItsAdapter()
            throws Exception {
        RecordingEventAdmin admin = new RecordingEventAdmin();
        router.eventAdmin = admin;
        CompletableFuture<LockResult> answer = new CompletableFuture<>();
        FakeAdapter slow = new FakeAdapter("zb-1", "lock-1") {
            @Override
            public CompletionStage<LockResult> execute(LockCommand command) {
                executed.add(command);
                return answer;
            }
        };
        router.addAdapter(slow);
        LockCommand command = command("lock-1");

        CompletableFuture<LockResult> result = router.execute(command).toCompletableFuture();
        assertThat(admin.posted).as("nothing before the result").isEmpty();
        long before = System.nanoTime();
        Thread.sleep(20); // the adapter takes a while; the time measured must cover it
        answer.complete(LockResult.failed(command, Outcome.TIMEOUT, "no answer"));

        assertThat(result.get().outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(admin.posted).singleElement().satisfies(e -> {
            assertThat(e.getTopic()).isEqualTo(LockRouterComponent.COMMAND_COMPLETED_TOPIC);
            assertThat(e.getProperty("adapterId")).isEqualTo("zb-1");
            assertThat(e.getProperty("protocol")).isEqualTo("fake");
            assertThat(e.getProperty("lockId")).isEqualTo("lock-1");
            assertThat(e.getProperty("commandId")).isEqualTo(command.commandId());
            assertThat(e.getProperty("commandType")).isEqualTo("UNLOCK");
            assertThat(e.getProperty("outcome")).isEqualTo("TIMEOUT");
            assertThat((Long) e.getProperty("durationNanos")).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos())
                    .isLessThanOrEqualTo(System.nanoTime() - before + Duration.ofMillis(20).toNanos());
        });
    }

    @Test
    void givenCommandsTheRouterAnswersItself_whenRouted_thenNoAdapterTimeIsPosted() throws Exception {
        RecordingEventAdmin admin = new RecordingEventAdmin();
        router.eventAdmin = admin;

        router.execute(command("nobody-owns-it")).toCompletableFuture().get();

        assertThat(admin.posted).isEmpty();
    }

    @Test
    void givenAnEventAdminThatRefuses_whenAnAdapterAnswers_thenTheCallerStillGetsTheResult() throws Exception {
        router.eventAdmin = new RecordingEventAdmin() {
            @Override
            public void postEvent(Event event) {
                throw new IllegalStateException("event admin stopping");
            }
        };
        router.addAdapter(new FakeAdapter("a", "lock-1"));

        assertThat(router.execute(command("lock-1")).toCompletableFuture().get().outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenNoAdapterOwnsTheLock_whenRouted_thenUnknownLockIsAnsweredAndPublishedOnce() throws Exception {
        router.addAdapter(new FakeAdapter("a", "lock-1"));
        LockCommand command = command("lock-9");

        LockResult result = router.execute(command).toCompletableFuture().get();

        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(publisher.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LockEventType.COMMAND_RESULT);
            assertThat(e.attributes()).containsEntry("outcome", "UNKNOWN_LOCK")
                    .containsEntry("commandId", command.commandId());
        });
        assertThat(router.unknownLockCount()).isEqualTo(1);
    }

    @Test
    void givenAnExpiredCommand_whenRouted_thenItIsNotExecutedAndExpiredIsPublished() throws Exception {
        FakeAdapter a = new FakeAdapter("a", "lock-1");
        router.addAdapter(a);
        LockCommand expired = new LockCommand("c-1", "lock-1", CommandType.UNLOCK, Instant.now().minusSeconds(1), null,
                null, "cloud");

        LockResult result = router.execute(expired).toCompletableFuture().get();

        assertThat(result.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(a.executed).isEmpty();
        assertThat(publisher.events()).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "EXPIRED"));
    }

    @Test
    void givenAnAdapterThatLeaves_whenItsLockIsCommanded_thenUnknownLock() throws Exception {
        FakeAdapter a = new FakeAdapter("a", "lock-1");
        router.addAdapter(a);
        router.removeAdapter(a);

        assertThat(router.execute(command("lock-1")).toCompletableFuture().get().outcome())
                .isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(router.locks()).isEmpty();
    }

    @Test
    void givenAnAdapterThatThrows_whenRouted_thenTheRouterDoesNotThrowAndPublishesARejection() throws Exception {
        FakeAdapter broken = new FakeAdapter("x", "lock-1") {
            @Override
            public CompletionStage<LockResult> execute(LockCommand command) {
                throw new IllegalStateException("boom");
            }
        };
        router.addAdapter(broken);

        LockResult result = router.execute(command("lock-1")).toCompletableFuture().get();

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(publisher.events()).hasSize(1);
        assertThat(router.adapterFailureCount()).isEqualTo(1);
    }

    @Test
    void givenAnAdapterWhoseStageFails_whenRouted_thenTheCallerStillGetsAResult() throws Exception {
        FakeAdapter failing = new FakeAdapter("x", "lock-1") {
            @Override
            public CompletionStage<LockResult> execute(LockCommand command) {
                return CompletableFuture.failedFuture(new RuntimeException("radio gone"));
            }
        };
        router.addAdapter(failing);

        assertThat(router.execute(command("lock-1")).toCompletableFuture().get().outcome())
                .isEqualTo(Outcome.REJECTED);
    }

    @Test
    void givenAPublisherThatRefuses_whenAnUnknownLockIsAnswered_thenTheCallerStillGetsTheResult() throws Exception {
        publisher.refusing(true);

        assertThat(router.execute(command("nope")).toCompletableFuture().get().outcome())
                .isEqualTo(Outcome.UNKNOWN_LOCK);
    }

    @Test
    void givenSeveralAdapters_whenLocksAreListed_thenAllLocksOfAllAdaptersAppear() {
        router.addAdapter(new FakeAdapter("a", "lock-1", "lock-2"));
        router.addAdapter(new FakeAdapter("b", "lock-3"));

        assertThat(router.locks()).extracting(LockInfo::lockId).containsExactlyInAnyOrder("lock-1", "lock-2", "lock-3");
    }

    private static LockCommand command(String lockId) {
        return LockCommand.of(CommandType.UNLOCK, lockId, Duration.ofSeconds(30), "test");
    }

    static class FakeAdapter implements LockAdapter {
        final String id;
        final List<LockInfo> locks = new ArrayList<>();
        final List<LockCommand> executed = new CopyOnWriteArrayList<>();

        FakeAdapter(String id, String... lockIds) {
            this.id = id;
            for (String lockId : lockIds) {
                locks.add(new LockInfo(lockId, "fake", id, "Fake", lockId));
            }
        }

        @Override
        public String protocol() {
            return "fake";
        }

        @Override
        public String adapterId() {
            return id;
        }

        @Override
        public Collection<LockInfo> locks() {
            return locks;
        }

        @Override
        public CompletionStage<LockResult> execute(LockCommand command) {
            executed.add(command);
            return CompletableFuture.completedFuture(LockResult.ok(command, LockState.unknown(command.lockId())));
        }
    }

    static class RecordingEventAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    }
}
