package com.nexefii.lock.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
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
 * reconfiguration): they are tracked dynamically and greedily, and a command for a lock no adapter
 * owns right now is answered {@link Outcome#UNKNOWN_LOCK} at once, never queued.
 *
 * <p>Exactly one {@code COMMAND_RESULT} event per command: the owning adapter publishes it for
 * commands it receives; the router publishes it for the ones it answers itself (unknown lock,
 * expired, adapter broke its contract by throwing or failing the stage).
 *
 * <p>Each command an adapter answers is timed from dispatch to result and posted to EventAdmin on
 * {@link #COMMAND_COMPLETED_TOPIC} (the gateway metrics' latency histogram per adapter), so every
 * adapter is measured the same way without measuring itself.
 */
@Component(service = LockRouter.class, immediate = true)
public class LockRouterComponent implements LockRouter {

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

    @Reference
    LockEventPublisher publisher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    @Activate
    void activate() {
        LOG.info("Lock router active with {} adapters", adapters.size());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAdapter(LockAdapter adapter) {
        adapters.add(adapter);
        LOG.info("Lock adapter {} ({}) available", adapter.adapterId(), adapter.protocol());
    }

    void removeAdapter(LockAdapter adapter) {
        adapters.remove(adapter);
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
                unknownLock.incrementAndGet();
                LOG.info("Command {} for lock {}: no adapter owns it", command.commandId(), command.lockId());
                return answer(command, Outcome.UNKNOWN_LOCK, "no adapter on this gateway owns " + command.lockId());
            }
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
            return CompletableFuture.completedFuture(adapterBroke(null, command, e));
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
            try {
                if (adapter.owns(lockId)) {
                    return adapter;
                }
            } catch (RuntimeException e) {
                LOG.warn("Adapter {} failed to tell whether it owns {}", adapter.adapterId(), lockId, e);
            }
        }
        return null;
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
}
