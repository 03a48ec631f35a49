package com.nexefii.lock.router;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.Outcome;

/**
 * Routes commands to the adapter that owns the lock. Adapters come and go at any time (hot swap,
 * reconfiguration): they are tracked dynamically and greedily. A command for a lock no adapter owns
 * is answered {@link Outcome#UNKNOWN_LOCK} at once, unless the lock's adapter has just left: then
 * the command waits, within its deadline and {@code replacementWaitMillis}, for an adapter that owns
 * the lock again (an adapter bundle being updated is back in well under a second), so a guest
 * opening a door during an update sees the door open rather than an error.
 *
 * <p>Exactly one {@code COMMAND_RESULT} event per command: the owning adapter publishes it for
 * commands it receives; the router publishes it for the ones it answers itself (unknown lock,
 * expired, adapter broke its contract by throwing or failing the stage).
 *
 * <p>Each command an adapter answers is timed from dispatch to result and posted to EventAdmin on
 * {@link #COMMAND_COMPLETED_TOPIC} (the gateway metrics' latency histogram per adapter), so every
 * adapter is measured the same way without measuring itself.
 */
@Designate(ocd = LockRouterConfig.class)
@Component(service = LockRouter.class, immediate = true, configurationPid = LockRouterComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class LockRouterComponent implements LockRouter {

    static final String PID = "com.nexefii.lock.router";

    /** EventAdmin topic of a command an adapter answered; properties below. */
    static final String COMMAND_COMPLETED_TOPIC = "com/nexefii/lock/router/COMMAND_COMPLETED";
    /** Nanoseconds from handing the command to the adapter until its result ({@code Long}). */
    static final String PROP_DURATION_NANOS = "durationNanos";
    static final String PROP_ADAPTER_ID = "adapterId";
    static final String PROP_PROTOCOL = "protocol";
    static final String PROP_LOCK_ID = "lockId";
    static final String PROP_COMMAND_ID = "commandId";
    static final String PROP_COMMAND_TYPE = "commandType";
    static final String PROP_OUTCOME = "outcome";

    private static final Logger LOG = LoggerFactory.getLogger(LockRouterComponent.class);

    private final List<LockAdapter> adapters = new CopyOnWriteArrayList<>();
    private final AtomicLong unknownLock = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong adapterFailures = new AtomicLong();
    private final AtomicLong heldForReplacement = new AtomicLong();
    /** Locks of adapters that left, with when they left: commands for them wait for a replacement. */
    private final Map<String, Long> departedAt = new ConcurrentHashMap<>();
    private final List<HeldCommand> held = new CopyOnWriteArrayList<>();
    private volatile Duration replacementWait = Duration.ZERO;
    private volatile ScheduledExecutorService timer;

    /** A command waiting for an adapter that owns its lock again. */
    private record HeldCommand(LockCommand command, CompletableFuture<LockResult> result) {
    }

    @Reference
    LockEventPublisher publisher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    @Activate
    void activate(LockRouterConfig config) {
        if (config.replacementWaitMillis() < 0 || config.replacementWaitMillis() > 60_000) {
            throw new IllegalArgumentException("replacementWaitMillis: " + config.replacementWaitMillis()
                    + " is outside 0..60000");
        }
        activate(Duration.ofMillis(config.replacementWaitMillis()));
    }

    void activate(Duration replacementWait) {
        this.replacementWait = replacementWait;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexefii-lock-router-timer");
            t.setDaemon(true);
            return t;
        });
        LOG.info("Lock router active with {} adapters; a command whose adapter just left waits up to {} ms for "
                + "its replacement", adapters.size(), replacementWait.toMillis());
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService stopping = timer;
        if (stopping != null) {
            stopping.shutdownNow();
        }
        for (HeldCommand waiting : held) {
            release(waiting, Outcome.CANCELLED, "the lock router stopped while the command waited for its adapter");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAdapter(LockAdapter adapter) {
        adapters.add(adapter);
        LOG.info("Lock adapter {} ({}) available", adapter.adapterId(), adapter.protocol());
        for (HeldCommand waiting : held) {
            if (owns(adapter, waiting.command().lockId()) && held.remove(waiting)) {
                LOG.info("Command {} for lock {}: adapter {} is back, dispatching", waiting.command().commandId(),
                        waiting.command().lockId(), adapter.adapterId());
                dispatch(adapter, waiting.command()).whenComplete((result, error) -> waiting.result().complete(result));
            }
        }
    }

    void removeAdapter(LockAdapter adapter) {
        adapters.remove(adapter);
        if (!replacementWait.isZero()) {
            long now = System.nanoTime();
            try {
                for (LockInfo lock : adapter.locks()) {
                    departedAt.put(lock.lockId(), now);
                }
            } catch (RuntimeException e) {
                LOG.debug("Adapter {} could not list its locks while leaving", adapter.adapterId(), e);
            }
        }
        LOG.info("Lock adapter {} ({}) gone", adapter.adapterId(), adapter.protocol());
    }

    @Override
    public CompletionStage<LockResult> execute(LockCommand command) {
        try {
            if (command.expired()) {
                expired.incrementAndGet();
                return answer(command, Outcome.EXPIRED, "deadline " + command.deadline() + " passed before routing");
            }
            LockAdapter owner = ownerOf(command.lockId());
            if (owner == null) {
                CompletionStage<LockResult> waiting = holdForReplacement(command);
                if (waiting != null) {
                    return waiting;
                }
                unknownLock.incrementAndGet();
                LOG.info("Command {} for lock {}: no adapter owns it", command.commandId(), command.lockId());
                return answer(command, Outcome.UNKNOWN_LOCK, "no adapter on this gateway owns " + command.lockId());
            }
            return dispatch(owner, command);
        } catch (RuntimeException e) {
            // an adapter that throws instead of completing the stage must not take the caller down
            return CompletableFuture.completedFuture(adapterBroke(null, command, e));
        }
    }

    /**
     * Holds a command whose lock's adapter left less than {@code replacementWait} ago, until an adapter
     * owning the lock arrives or the wait (bounded by the command's deadline) ends.
     *
     * @return the pending result, or null when the lock did not belong to an adapter that just left
     */
    private CompletionStage<LockResult> holdForReplacement(LockCommand command) {
        Long leftAt = departedAt.get(command.lockId());
        ScheduledExecutorService scheduler = timer;
        if (leftAt == null || scheduler == null) {
            return null;
        }
        long waitLeftNanos = replacementWait.toNanos() - (System.nanoTime() - leftAt);
        if (waitLeftNanos <= 0) {
            departedAt.remove(command.lockId(), leftAt);
            return null;
        }
        long untilDeadlineNanos = Duration.between(Instant.now(), command.deadline()).toNanos();
        HeldCommand waiting = new HeldCommand(command, new CompletableFuture<>());
        held.add(waiting);
        heldForReplacement.incrementAndGet();
        LOG.info("Command {} for lock {}: its adapter just left; waiting up to {} ms for it to come back",
                command.commandId(), command.lockId(), TimeUnit.NANOSECONDS.toMillis(Math.min(waitLeftNanos,
                        untilDeadlineNanos)));
        // the adapter may have come back between the lookup and the hold
        LockAdapter owner = ownerOf(command.lockId());
        if (owner != null && held.remove(waiting)) {
            dispatch(owner, command).whenComplete((result, error) -> waiting.result().complete(result));
            return waiting.result();
        }
        if (untilDeadlineNanos <= waitLeftNanos) {
            scheduler.schedule(() -> release(waiting, Outcome.EXPIRED, "deadline " + command.deadline()
                    + " passed while no adapter owned " + command.lockId()), Math.max(0, untilDeadlineNanos),
                    TimeUnit.NANOSECONDS);
        } else {
            scheduler.schedule(() -> release(waiting, Outcome.UNKNOWN_LOCK, "the adapter owning " + command.lockId()
                    + " left and none took its place within " + replacementWait.toMillis() + " ms"),
                    waitLeftNanos, TimeUnit.NANOSECONDS);
        }
        return waiting.result();
    }

    private void release(HeldCommand waiting, Outcome outcome, String detail) {
        if (held.remove(waiting)) {
            (outcome == Outcome.EXPIRED ? expired : unknownLock).incrementAndGet();
            LOG.info("Command {} for lock {}: {}", waiting.command().commandId(), waiting.command().lockId(), detail);
            answer(waiting.command(), outcome, detail).whenComplete((result, error) -> waiting.result().complete(result));
        }
    }

    private CompletionStage<LockResult> dispatch(LockAdapter owner, LockCommand command) {
        try {
            long dispatched = System.nanoTime();
            return owner.execute(command).handle((result, error) -> {
                long duration = System.nanoTime() - dispatched;
                LockResult answer;
                if (error != null) {
                    answer = adapterBroke(owner, command, error);
                } else if (result == null) {
                    answer = adapterBroke(owner, command, new NullPointerException("null result"));
                } else {
                    answer = result;
                }
                completed(owner, command, answer, duration);
                return answer;
            });
        } catch (RuntimeException e) {
            // an adapter that throws instead of completing the stage must not take the caller down
            return CompletableFuture.completedFuture(adapterBroke(owner, command, e));
        }
    }

    private void completed(LockAdapter owner, LockCommand command, LockResult result, long durationNanos) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        try {
            admin.postEvent(new Event(COMMAND_COMPLETED_TOPIC, Map.of(PROP_DURATION_NANOS, durationNanos,
                    PROP_ADAPTER_ID, owner.adapterId(), PROP_PROTOCOL, owner.protocol(), PROP_LOCK_ID,
                    command.lockId(), PROP_COMMAND_ID, command.commandId(), PROP_COMMAND_TYPE, command.type().name(),
                    PROP_OUTCOME, result.outcome().name())));
        } catch (RuntimeException e) {
            // a measurement is never worth failing a command over
            LOG.debug("EventAdmin refused the timing of command {}", command.commandId(), e);
        }
    }

    private LockResult adapterBroke(LockAdapter adapter, LockCommand command, Throwable error) {
        adapterFailures.incrementAndGet();
        LOG.warn("Adapter {} failed command {} instead of answering it", adapter == null ? "?" : adapter.adapterId(),
                command.commandId(), error);
        LockResult result = LockResult.failed(command, Outcome.REJECTED, "adapter error: " + error);
        publishQuietly(command, result);
        return result;
    }

    private CompletionStage<LockResult> answer(LockCommand command, Outcome outcome, String detail) {
        LockResult result = LockResult.failed(command, outcome, detail);
        publishQuietly(command, result);
        return CompletableFuture.completedFuture(result);
    }

    private void publishQuietly(LockCommand command, LockResult result) {
        try {
            publisher.publishResult(command, result);
        } catch (RuntimeException e) {
            // the result still reaches the caller; the store's refusal is the publisher's to report
            LOG.error("Cannot publish the result {} of command {}", result.outcome(), command.commandId(), e);
        }
    }

    private LockAdapter ownerOf(String lockId) {
        for (LockAdapter adapter : adapters) {
            if (owns(adapter, lockId)) {
                return adapter;
            }
        }
        return null;
    }

    private static boolean owns(LockAdapter adapter, String lockId) {
        try {
            return adapter.owns(lockId);
        } catch (RuntimeException e) {
            LOG.warn("Adapter {} failed to tell whether it owns {}", adapter.adapterId(), lockId, e);
            return false;
        }
    }

    @Override
    public Collection<LockInfo> locks() {
        List<LockInfo> all = new ArrayList<>();
        for (LockAdapter adapter : adapters) {
            try {
                all.addAll(adapter.locks());
            } catch (RuntimeException e) {
                LOG.warn("Adapter {} failed to list its locks", adapter.adapterId(), e);
            }
        }
        return all;
    }

    long unknownLockCount() {
        return unknownLock.get();
    }

    long expiredCount() {
        return expired.get();
    }

    long adapterFailureCount() {
        return adapterFailures.get();
    }

    long heldForReplacementCount() {
        return heldForReplacement.get();
    }
}
