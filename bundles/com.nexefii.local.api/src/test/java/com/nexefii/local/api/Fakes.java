package com.nexefii.local.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.ApplyResult;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.PolicyCache;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;

/** TEST FIXTURES: stand-ins for the policy cache, the lock router and the event publisher. */
final class Fakes {

    private Fakes() {
    }

    static final class Policy implements PolicyCache {
        volatile Function<AccessRequest, Reason> mobileKeys = r -> Reason.GRANTED;
        volatile Function<StaffRequest, Reason> staff = r -> Reason.STAFF_ZONE;
        final Map<String, Set<String>> zones = new ConcurrentHashMap<>();
        final List<String> lockdowns = new CopyOnWriteArrayList<>();
        final List<Object> requests = new CopyOnWriteArrayList<>();

        @Override
        public ApplyResult apply(byte[] policyJson) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long version() {
            return 42;
        }

        @Override
        public Decision decide(AccessRequest request) {
            requests.add(request);
            return new Decision(mobileKeys.apply(request), "mk-1", true, "guest-a1", request.lockId(), 42);
        }

        @Override
        public Decision decideStaff(StaffRequest request) {
            requests.add(request);
            return new Decision(staff.apply(request), request.subject(), true, request.subject(), request.lockId(), 42);
        }

        @Override
        public void setLocalLockdown(String zone, boolean on) {
            lockdowns.add((zone == null ? "property" : zone) + "=" + on);
        }

        @Override
        public boolean inLockdown(String lockId) {
            return false;
        }

        @Override
        public Set<String> zoneLocks(String zone) {
            return zones.getOrDefault(zone, Set.of());
        }
    }

    static final class Router implements LockRouter {
        final Set<String> locks = ConcurrentHashMap.newKeySet();
        final List<LockCommand> commands = new CopyOnWriteArrayList<>();
        /** What a lock answers; {@code null}: never answers. */
        volatile Function<LockCommand, Outcome> behaviour = c -> Outcome.OK;

        @Override
        public CompletionStage<LockResult> execute(LockCommand command) {
            commands.add(command);
            if (!locks.contains(command.lockId())) {
                return CompletableFuture.completedFuture(LockResult.failed(command, Outcome.UNKNOWN_LOCK, null));
            }
            Outcome outcome = behaviour.apply(command);
            if (outcome == null) {
                return new CompletableFuture<>();
            }
            return CompletableFuture.completedFuture(outcome == Outcome.OK
                    ? LockResult.ok(command, new LockState(command.lockId(), BoltState.UNLOCKED, DoorState.CLOSED,
                            false, 80, true))
                    : LockResult.failed(command, outcome, "simulated " + outcome));
        }

        @Override
        public Collection<LockInfo> locks() {
            return locks.stream().map(id -> new LockInfo(id, "simulator", "sim-1", "fake", id)).toList();
        }
    }

    static final class Publisher implements LockEventPublisher {
        final List<LockEvent> events = new CopyOnWriteArrayList<>();
        private final AtomicLong sequence = new AtomicLong();

        @Override
        public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
            LockEvent event = new LockEvent(UUID.randomUUID().toString(), "hotel-a", "gw-a1", lockId,
                    sequence.incrementAndGet(), Instant.now(), type, attributes);
            events.add(event);
            return event;
        }

        LockEvent last() {
            return events.get(events.size() - 1);
        }

        @Override
        public String propertyId() {
            return "hotel-a";
        }

        @Override
        public String gatewayId() {
            return "gw-a1";
        }
    }
}
