package com.nexefii.lock.zigbee;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;

/**
 * One lock's commands, one at a time, each bounded by its own deadline.
 *
 * <p>A sleepy lock answers only when it polls, so a command may need several attempts; each
 * attempt waits at most the answer timeout (and never past the deadline) and a failed attempt is
 * retried while attempts and time are left. Whatever happens, the command's future completes
 * exactly once: with the lock's answer, {@link Outcome#TIMEOUT} at the deadline (also when the
 * command is still queued behind others), {@link Outcome#UNREACHABLE} when every attempt failed to
 * be delivered, or {@link Outcome#CANCELLED} when the queue closes.
 */
final class CommandQueue {

    /** How one attempt ended. */
    sealed interface Answer {
        /** The lock answered (or the command cannot be sent at all): the command is done. */
        record Done(Outcome outcome, LockState state, String detail) implements Answer {
            public Done {
                Objects.requireNonNull(outcome, "outcome");
            }
        }

        /**
         * No usable answer; worth another attempt.
         *
         * @param undelivered true when the network reported that the frame did not reach the lock
         */
        record NoAnswer(String why, boolean undelivered) implements Answer {
        }
    }

    /** Performs one attempt of one command, blocking at most {@code wait}. */
    @FunctionalInterface
    interface Exchange {
        Answer attempt(LockCommand command, int attempt, Duration wait) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandQueue.class);

    /** Pause after an undelivered attempt, so a lock that is briefly out of reach gets a chance. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final String lockId;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final Exchange exchange;
    private final int retries;
    private final Duration answerTimeout;

    private final Object guard = new Object();
    private final Deque<Entry> waiting = new ArrayDeque<>();
    private Entry running;
    private boolean draining;
    private String closedReason;

    CommandQueue(String lockId, Executor workers, ScheduledExecutorService timer, Exchange exchange, int retries,
            Duration answerTimeout) {
        this.lockId = Objects.requireNonNull(lockId, "lockId");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        this.retries = retries;
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
    }

    /** Queues a command; the returned future never completes exceptionally. */
    CompletableFuture<LockResult> submit(LockCommand command) {
        Entry entry = new Entry(command);
        synchronized (guard) {
            if (closedReason != null) {
                entry.result.complete(LockResult.failed(command, Outcome.CANCELLED, closedReason));
                return entry.result;
            }
            Duration left = command.remaining();
            entry.deadlineTimer = timer.schedule(() -> entry.complete(timeout(entry)), Math.max(0, left.toMillis()),
                    TimeUnit.MILLISECONDS);
            waiting.addLast(entry);
            drain();
        }
        return entry.result;
    }

    /** @return commands queued or running now */
    int size() {
        synchronized (guard) {
            return waiting.size() + (running == null ? 0 : 1);
        }
    }

    /** Cancels everything queued or running; later submissions are cancelled at once. */
    void close(String reason) {
        Deque<Entry> cancelled;
        Entry current;
        synchronized (guard) {
            if (closedReason != null) {
                return;
            }
            closedReason = reason;
            cancelled = new ArrayDeque<>(waiting);
            waiting.clear();
            current = running;
        }
        if (current != null) {
            current.complete(LockResult.failed(current.command, Outcome.CANCELLED, reason));
        }
        cancelled.forEach(e -> e.complete(LockResult.failed(e.command, Outcome.CANCELLED, reason)));
    }

    private void drain() {
        if (draining || waiting.isEmpty()) {
            return;
        }
        draining = true;
        workers.execute(this::runQueued);
    }

    private void runQueued() {
        while (true) {
            Entry entry;
            synchronized (guard) {
                entry = waiting.pollFirst();
                running = entry;
                if (entry == null) {
                    draining = false;
                    return;
                }
                entry.started = true;
            }
            try {
                run(entry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                entry.complete(LockResult.failed(entry.command, Outcome.CANCELLED, "adapter stopping"));
            } catch (RuntimeException e) {
                LOG.error("Command {} for lock {} failed unexpectedly", entry.command.commandId(), lockId, e);
                entry.complete(LockResult.failed(entry.command, Outcome.UNREACHABLE,
                        "gateway error: " + e.getClass().getSimpleName()));
            } finally {
                synchronized (guard) {
                    running = null;
                }
            }
        }
    }

    private void run(Entry entry) throws InterruptedException {
        LockCommand command = entry.command;
        int attempts = retries + 1;
        String lastProblem = "not attempted";
        boolean everDelivered = false;
        int attempt = 0;
        while (attempt < attempts && !entry.result.isDone()) {
            attempt++;
            Duration left = command.remaining();
            if (left.isZero()) {
                break;
            }
            Duration wait = left.compareTo(answerTimeout) < 0 ? left : answerTimeout;
            Answer answer = exchange.attempt(command, attempt, wait);
            if (answer instanceof Answer.Done done) {
                entry.complete(new LockResult(command.commandId(), command.lockId(), done.outcome(), done.state(),
                        done.detail(), java.time.Instant.now()));
                return;
            }
            Answer.NoAnswer none = (Answer.NoAnswer) answer;
            lastProblem = none.why();
            everDelivered |= !none.undelivered();
            LOG.debug("Lock {} command {} attempt {}/{}: {}", lockId, command.commandId(), attempt, attempts,
                    none.why());
            if (none.undelivered() && attempt < attempts) {
                pause(entry, RETRY_PAUSE);
            }
        }
        if (entry.result.isDone()) {
            return;
        }
        if (command.expired()) {
            entry.complete(timeout(entry));
        } else if (!everDelivered) {
            entry.complete(LockResult.failed(command, Outcome.UNREACHABLE,
                    "lock not reachable after " + attempt + " attempt(s): " + lastProblem));
        } else {
            entry.complete(LockResult.failed(command, Outcome.TIMEOUT,
                    "no answer after " + attempt + " attempt(s): " + lastProblem));
        }
    }

    /** Waits, but wakes up as soon as the command is decided (deadline, close). */
    private static void pause(Entry entry, Duration pause) throws InterruptedException {
        Duration left = entry.command.remaining();
        long millis = Math.min(pause.toMillis(), left.toMillis());
        if (millis <= 0) {
            return;
        }
        try {
            entry.result.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException expected) {
            // the pause is over
        }
    }

    private LockResult timeout(Entry entry) {
        return LockResult.failed(entry.command, Outcome.TIMEOUT, entry.started
                ? "deadline reached before the lock answered"
                : "deadline reached while queued behind other commands for this lock");
    }

    private final class Entry {
        final LockCommand command;
        final CompletableFuture<LockResult> result = new CompletableFuture<>();
        ScheduledFuture<?> deadlineTimer;
        volatile boolean started;

        Entry(LockCommand command) {
            this.command = command;
        }

        void complete(LockResult outcome) {
            if (result.complete(outcome)) {
                ScheduledFuture<?> t = deadlineTimer;
                if (t != null) {
                    t.cancel(false);
                }
                synchronized (guard) {
                    waiting.remove(this);
                }
            }
        }
    }
}
