package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.CommandQueue.Answer;

/** The per-lock queue's state machine: one command at a time, attempts, deadlines, cancellation. */
class CommandQueueTest {

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private CommandQueue queue(CommandQueue.Exchange exchange, int retries, Duration answerTimeout) {
        return new CommandQueue("lock-1", workers, timer, exchange, retries, answerTimeout);
    }

    private static LockCommand lock(Duration timeout) {
        return LockCommand.of(CommandType.LOCK, "lock-1", timeout, "test");
    }

    /** A lock that hears nothing: the attempt lasts as long as it may. */
    private Answer silence(Duration wait) throws InterruptedException {
        never.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        return new Answer.NoAnswer("no answer in time", false);
    }

    @Test
    void givenALockThatAnswers_whenACommandIsSubmitted_thenItsAnswerIsTheResult() {
        CommandQueue queue = queue((command, attempt, wait) -> new Answer.Done(Outcome.OK, null, "slot 1"), 2,
                Duration.ofSeconds(1));

        LockResult result = queue.submit(lock(Duration.ofSeconds(5))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.detail()).isEqualTo("slot 1");
    }

    @Test
    void givenALostFirstAttempt_whenSubmitted_thenTheSecondAttemptDecides() {
        AtomicInteger attempts = new AtomicInteger();
        CommandQueue queue = queue((command, attempt, wait) -> {
            attempts.incrementAndGet();
            return attempt == 1 ? new Answer.NoAnswer("lost", false) : new Answer.Done(Outcome.OK, null, null);
        }, 2, Duration.ofSeconds(1));

        assertThat(queue.submit(lock(Duration.ofSeconds(5))).join().outcome()).isEqualTo(Outcome.OK);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void givenASilentLock_whenAttemptsRunOut_thenTimeoutNamingTheAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        CommandQueue queue = queue((command, attempt, wait) -> {
            attempts.incrementAndGet();
            return silence(wait);
        }, 2, Duration.ofMillis(100));

        LockResult result = queue.submit(lock(Duration.ofSeconds(30))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.detail()).contains("3 attempt");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givenASilentLock_whenTheDeadlineComesFirst_thenTimeoutAtTheDeadline() {
        CommandQueue queue = queue((command, attempt, wait) -> silence(wait), 10, Duration.ofSeconds(30));

        LockResult result = queue.submit(lock(Duration.ofMillis(300))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.detail()).contains("deadline");
    }

    @Test
    void givenALockNothingReaches_whenEveryAttemptIsUndelivered_thenUnreachable() {
        CommandQueue queue = queue((command, attempt, wait) -> new Answer.NoAnswer("RX_NAK", true), 2,
                Duration.ofSeconds(1));

        LockResult result = queue.submit(lock(Duration.ofSeconds(10))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("RX_NAK");
    }

    @Test
    void givenABusyLock_whenAQueuedCommandsDeadlinePasses_thenItTimesOutWithoutBeingSent() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        CommandQueue queue = queue((command, attempt, wait) -> {
            sent.add(command.commandId());
            release.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer.Done(Outcome.OK, null, null);
        }, 0, Duration.ofSeconds(30));
        LockCommand slow = lock(Duration.ofSeconds(30));
        CompletableFuture<LockResult> first = queue.submit(slow);
        LockCommand impatient = lock(Duration.ofMillis(200));

        LockResult second = queue.submit(impatient).join();
        release.countDown();

        assertThat(second.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(second.detail()).contains("queued");
        assertThat(first.join().outcome()).isEqualTo(Outcome.OK);
        assertThat(sent).containsExactly(slow.commandId());
    }

    @Test
    void givenSeveralCommands_whenSubmittedTogether_thenTheyRunOneAtATimeInOrder() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        CommandQueue queue = queue((command, attempt, wait) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(command.commandId());
            running.decrementAndGet();
            return new Answer.Done(Outcome.OK, null, null);
        }, 0, Duration.ofSeconds(1));
        List<LockCommand> commands = List.of(lock(Duration.ofSeconds(5)), lock(Duration.ofSeconds(5)),
                lock(Duration.ofSeconds(5)));

        List<CompletableFuture<LockResult>> results = commands.stream().map(queue::submit).toList();
        results.forEach(CompletableFuture::join);

        assertThat(mostAtOnce).hasValue(1);
        assertThat(order).containsExactlyElementsOf(commands.stream().map(LockCommand::commandId).toList());
    }

    @Test
    void givenRunningAndQueuedCommands_whenClosed_thenAllEndCancelledAndLaterOnesToo() {
        CommandQueue queue = queue((command, attempt, wait) -> silence(wait), 0, Duration.ofSeconds(30));
        CompletableFuture<LockResult> running = queue.submit(lock(Duration.ofSeconds(30)));
        CompletableFuture<LockResult> waiting = queue.submit(lock(Duration.ofSeconds(30)));

        queue.close("adapter stopping");

        assertThat(running.join().outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(waiting.join().outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(queue.submit(lock(Duration.ofSeconds(5))).join().detail()).isEqualTo("adapter stopping");
    }

    @Test
    void givenAnExchangeThatBlowsUp_whenSubmitted_thenAResultNotAnException() {
        CommandQueue queue = queue((command, attempt, wait) -> {
            throw new IllegalStateException("bug");
        }, 0, Duration.ofSeconds(1));

        LockResult result = queue.submit(lock(Duration.ofSeconds(5))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("IllegalStateException");
    }
}
