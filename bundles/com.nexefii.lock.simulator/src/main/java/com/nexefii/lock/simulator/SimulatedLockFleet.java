package com.nexefii.lock.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;

/**
 * The simulation engine of one controller. Everything that happens to the locks (commands
 * arriving, answers after their latency, deadlines, relocks, doors, battery drain) is a task on one
 * simulation thread: the lock state needs no locking, and events come out in the order things
 * happened. Callers never wait on that thread except through the control hooks.
 */
final class SimulatedLockFleet implements AutoCloseable {

    static final String MODEL = "Nexefii simulated lock";
    static final String STOPPED = "simulator stopped (configuration change, update or shutdown)";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedLockFleet.class);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);
    /** Enough to recognise a replayed command while its original could still be in flight. */
    private static final int REMEMBERED_COMMAND_IDS = 4096;
    /** How long after the bolt retracts a guest pushes the door. */
    private static final long DOOR_OPEN_DELAY_MILLIS = 300;
    private static final String PIN_FORMAT = "\\d{4,12}";

    private enum Fate {
        NORMAL, LOST, UNREACHABLE, JAM
    }

    private final SimulatorOptions options;
    private final LockEventPublisher events;
    private final ScheduledThreadPoolExecutor simulation;
    private final Map<String, SimulatedLock> locks;
    private final List<LockInfo> infos;
    private final Set<PendingCommand> inFlight = ConcurrentHashMap.newKeySet();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;
    private volatile Thread simulationThread;

    // simulation thread only
    private final Random random;
    private final Set<String> seenCommandIds = Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_COMMAND_IDS;
        }
    });

    SimulatedLockFleet(SimulatorOptions options, LockEventPublisher events) {
        this.options = Objects.requireNonNull(options, "options");
        this.events = Objects.requireNonNull(events, "events");
        this.random = options.randomSeed() == 0 ? new Random() : new Random(options.randomSeed());
        Map<String, SimulatedLock> byId = new LinkedHashMap<>();
        for (int i = 1; i <= options.lockCount(); i++) {
            String lockId = options.lockId(i);
            LockInfo info = new LockInfo(lockId, SimulatorComponent.PROTOCOL, options.adapterId(), MODEL,
                    "sim://" + options.adapterId() + "/" + i);
            byId.put(lockId, new SimulatedLock(info, options.batteryInitialPercent()));
        }
        this.locks = Collections.unmodifiableMap(byId);
        this.infos = byId.values().stream().map(l -> l.info).toList();
        this.simulation = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "lock-simulator-" + options.adapterId());
            thread.setDaemon(true);
            simulationThread = thread;
            return thread;
        });
        simulation.setRemoveOnCancelPolicy(true);
        simulation.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        simulation.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        long tick = options.telemetryIntervalSeconds();
        simulation.scheduleAtFixedRate(guarded(this::telemetryTick), tick, tick, TimeUnit.SECONDS);
    }

    List<LockInfo> locks() {
        return infos;
    }

    List<String> lockIds() {
        return List.copyOf(locks.keySet());
    }

    /** Accepts a command; see {@link com.nexefii.lock.api.LockAdapter#execute(LockCommand)}. */
    CompletionStage<LockResult> execute(LockCommand command) {
        Objects.requireNonNull(command, "command");
        PendingCommand pending = new PendingCommand(command);
        lifecycle.readLock().lock();
        try {
            inFlight.add(pending);
            if (closed) {
                finish(pending, Outcome.CANCELLED, STOPPED);
            } else {
                simulation.execute(guarded(() -> accept(pending)));
            }
        } catch (RejectedExecutionException e) {
            finish(pending, Outcome.CANCELLED, STOPPED);
        } finally {
            lifecycle.readLock().unlock();
        }
        return pending.result.minimalCompletionStage();
    }

    /**
     * Stops the simulation. Commands not answered yet end CANCELLED, each with its COMMAND_RESULT
     * event. Does not interrupt the simulation thread: it may be inside a listener writing to disk.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        simulation.shutdown();
        try {
            if (!simulation.awaitTermination(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Simulation thread of {} did not stop in {}", options.adapterId(), CONTROL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PendingCommand> unanswered = new ArrayList<>(inFlight);
        for (PendingCommand pending : unanswered) {
            finish(pending, Outcome.CANCELLED, STOPPED);
        }
        if (!unanswered.isEmpty()) {
            LOG.info("Simulated controller {} stopped: {} commands cancelled", options.adapterId(), unanswered.size());
        }
    }

    // ---- commands (simulation thread) ----

    private void accept(PendingCommand pending) {
        LockCommand command = pending.command;
        if (simulation.isShutdown()) {
            finish(pending, Outcome.CANCELLED, STOPPED);
            return;
        }
        SimulatedLock lock = locks.get(command.lockId());
        if (lock == null) {
            finish(pending, Outcome.UNKNOWN_LOCK, "no lock " + command.lockId() + " on " + options.adapterId());
            return;
        }
        if (command.expired()) {
            finish(pending, Outcome.EXPIRED, "deadline passed before the command reached the lock");
            return;
        }
        if (!seenCommandIds.add(command.commandId())) {
            finish(pending, Outcome.DUPLICATE, "command " + command.commandId() + " was already received");
            return;
        }
        pending.deadlineTimer = simulation.schedule(
                guarded(() -> finish(pending, Outcome.TIMEOUT, "no answer from the lock before the deadline")),
                nanosUntil(command.deadline()), TimeUnit.NANOSECONDS);
        Fate fate = drawFate(command.type());
        long now = System.nanoTime();
        // One radio, one motor: a lock answers its commands one after the other.
        long answerAt = Math.max(now, lock.busyUntilNanos) + latencyNanos();
        lock.busyUntilNanos = answerAt;
        if (fate == Fate.LOST) {
            LOG.debug("Command {} to {} lost (simulated)", command.commandId(), lock.id());
            return;
        }
        simulation.schedule(guarded(() -> finish(pending, apply(command, lock, fate))), answerAt - now,
                TimeUnit.NANOSECONDS);
    }

    /**
     * What the lock does when the command reaches it. Runs even when the caller's deadline has
     * already passed, as with real hardware: TIMEOUT means "state unknown", not "nothing happened".
     */
    private LockResult apply(LockCommand command, SimulatedLock lock, Fate fate) {
        if (!lock.online) {
            return LockResult.failed(command, Outcome.UNREACHABLE, "lock is offline");
        }
        if (fate == Fate.UNREACHABLE) {
            return LockResult.failed(command, Outcome.UNREACHABLE, "radio link dropped");
        }
        return switch (command.type()) {
            case LOCK -> lock(command, lock, fate);
            case UNLOCK -> unlock(command, lock, fate);
            case LOCKDOWN_ON -> lockdown(command, lock, true);
            case LOCKDOWN_OFF -> lockdown(command, lock, false);
            case SET_CREDENTIAL -> setCredential(command, lock);
            case CLEAR_CREDENTIAL -> {
                lock.credentials.remove(key(command.credential()));
                yield LockResult.ok(command, lock.state());
            }
            case QUERY_STATE -> LockResult.ok(command, lock.state());
        };
    }

    private LockResult lock(LockCommand command, SimulatedLock lock, Fate fate) {
        if (lock.bolt == BoltState.JAMMED) {
            return LockResult.failed(command, Outcome.JAMMED, "bolt is jammed");
        }
        if (fate == Fate.JAM) {
            jamBolt(lock);
            return LockResult.failed(command, Outcome.JAMMED, "bolt jammed while moving");
        }
        if (lock.bolt != BoltState.LOCKED) {
            drain(lock, options.batteryDrainPerOperation());
            throwBolt(lock, "remote", command.requestedBy());
        }
        return LockResult.ok(command, lock.state());
    }

    private LockResult unlock(LockCommand command, SimulatedLock lock, Fate fate) {
        if (lock.lockdown) {
            return LockResult.failed(command, Outcome.REJECTED, "lock is in lockdown");
        }
        if (lock.bolt == BoltState.JAMMED) {
            return LockResult.failed(command, Outcome.JAMMED, "bolt is jammed");
        }
        if (fate == Fate.JAM) {
            jamBolt(lock);
            return LockResult.failed(command, Outcome.JAMMED, "bolt jammed while moving");
        }
        drain(lock, options.batteryDrainPerOperation());
        String who = command.credential() != null ? command.credential().id() : command.requestedBy();
        retractBolt(lock, "remote", who,
                command.relockAfter() != null ? command.relockAfter() : options.defaultRelock());
        maybeGuestOpensDoor(lock);
        return LockResult.ok(command, lock.state());
    }

    private LockResult lockdown(LockCommand command, SimulatedLock lock, boolean on) {
        if (lock.lockdown != on) {
            lock.lockdown = on;
            emit(lock, LockEventType.LOCKDOWN_CHANGED, Map.of("lockdown", Boolean.toString(on)));
        }
        if (on && lock.bolt == BoltState.UNLOCKED) {
            SimulatedLock.cancel(lock.relockTimer);
            if (lock.door == DoorState.CLOSED) {
                drain(lock, options.batteryDrainPerOperation());
                throwBolt(lock, "lockdown", command.requestedBy());
            } else {
                lock.relockWhenClosed = true;
            }
        }
        return LockResult.ok(command, lock.state());
    }

    private LockResult setCredential(LockCommand command, SimulatedLock lock) {
        Credential credential = command.credential();
        if (credential.type() == CredentialType.PIN
                && (credential.secret() == null || !credential.secret().matches(PIN_FORMAT))) {
            return LockResult.failed(command, Outcome.REJECTED, "a PIN must be 4 to 12 digits");
        }
        String key = key(credential);
        if (!lock.credentials.containsKey(key) && lock.credentials.size() >= options.maxCredentialsPerLock()) {
            return LockResult.failed(command, Outcome.REJECTED,
                    "credential memory full (" + options.maxCredentialsPerLock() + " slots)");
        }
        lock.credentials.put(key, credential);
        return LockResult.ok(command, lock.state());
    }

    private Fate drawFate(CommandType type) {
        double draw = random.nextDouble();
        if (draw < options.timeoutProbability()) {
            return Fate.LOST;
        }
        draw -= options.timeoutProbability();
        if (draw < options.unreachableProbability()) {
            return Fate.UNREACHABLE;
        }
        draw -= options.unreachableProbability();
        boolean movesBolt = type == CommandType.LOCK || type == CommandType.UNLOCK;
        if (movesBolt && draw < options.jamProbability()) {
            return Fate.JAM;
        }
        return Fate.NORMAL;
    }

    private long latencyNanos() {
        int spread = options.latencyMaxMillis() - options.latencyMinMillis();
        int millis = options.latencyMinMillis() + (spread == 0 ? 0 : random.nextInt(spread + 1));
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    // ---- the physical lock (simulation thread) ----

    private void throwBolt(SimulatedLock lock, String method, String requestedBy) {
        SimulatedLock.cancel(lock.relockTimer);
        lock.relockWhenClosed = false;
        lock.bolt = BoltState.LOCKED;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("method", method);
        if (requestedBy != null) {
            attributes.put("requestedBy", requestedBy);
        }
        emit(lock, LockEventType.LOCKED, attributes);
    }

    private void retractBolt(SimulatedLock lock, String method, String credentialId, Duration relockAfter) {
        lock.bolt = BoltState.UNLOCKED;
        lock.relockWhenClosed = false;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("method", method);
        if (credentialId != null) {
            attributes.put("credentialId", credentialId);
        }
        emit(lock, LockEventType.UNLOCKED, attributes);
        SimulatedLock.cancel(lock.relockTimer);
        lock.relockTimer = simulation.schedule(guarded(() -> relock(lock)), relockAfter.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void relock(SimulatedLock lock) {
        if (lock.bolt != BoltState.UNLOCKED) {
            return;
        }
        if (lock.door == DoorState.CLOSED) {
            throwBolt(lock, "auto-relock", null);
        } else {
            lock.relockWhenClosed = true;
        }
    }

    private void jamBolt(SimulatedLock lock) {
        SimulatedLock.cancel(lock.relockTimer);
        lock.bolt = BoltState.JAMMED;
        emit(lock, LockEventType.JAMMED, Map.of());
    }

    private void maybeGuestOpensDoor(SimulatedLock lock) {
        if (random.nextDouble() >= options.doorOpenAfterUnlockProbability()) {
            return;
        }
        boolean leftOpen = random.nextDouble() < options.doorLeftOpenProbability();
        simulation.schedule(guarded(() -> {
            if (lock.bolt != BoltState.UNLOCKED || lock.door != DoorState.CLOSED) {
                return;
            }
            openDoor(lock);
            if (!leftOpen) {
                closeDoorLater(lock);
            }
        }), DOOR_OPEN_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void openDoor(SimulatedLock lock) {
        if (lock.door == DoorState.OPEN || lock.door == DoorState.AJAR) {
            return;
        }
        boolean forced = lock.bolt == BoltState.LOCKED;
        lock.door = DoorState.OPEN;
        // DOOR_FORCED stands for the opening too: consumers track the door as open after it.
        emit(lock, forced ? LockEventType.DOOR_FORCED : LockEventType.DOOR_OPENED, Map.of());
        SimulatedLock.cancel(lock.ajarTimer);
        lock.ajarTimer = simulation.schedule(guarded(() -> markAjar(lock)), options.doorAjarAfterSeconds(),
                TimeUnit.SECONDS);
    }

    private void closeDoorLater(SimulatedLock lock) {
        SimulatedLock.cancel(lock.closeTimer);
        lock.closeTimer = simulation.schedule(guarded(() -> closeDoor(lock)), options.doorHoldOpenMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void markAjar(SimulatedLock lock) {
        if (lock.door != DoorState.OPEN) {
            return;
        }
        SimulatedLock.cancel(lock.ajarTimer);
        lock.door = DoorState.AJAR;
        emit(lock, LockEventType.DOOR_AJAR, Map.of());
    }

    private void closeDoor(SimulatedLock lock) {
        if (lock.door != DoorState.OPEN && lock.door != DoorState.AJAR) {
            return;
        }
        SimulatedLock.cancel(lock.ajarTimer);
        SimulatedLock.cancel(lock.closeTimer);
        lock.door = DoorState.CLOSED;
        emit(lock, LockEventType.DOOR_CLOSED, Map.of());
        if (lock.relockWhenClosed && lock.bolt == BoltState.UNLOCKED) {
            throwBolt(lock, "auto-relock", null);
        }
    }

    private void drain(SimulatedLock lock, double percent) {
        if (percent <= 0) {
            return;
        }
        lock.battery = Math.max(0, lock.battery - percent);
        reportBattery(lock);
    }

    private void reportBattery(SimulatedLock lock) {
        int percent = lock.batteryPercent();
        if (percent != lock.reportedBattery) {
            lock.reportedBattery = percent;
            emit(lock, LockEventType.BATTERY_LEVEL, Map.of("percent", Integer.toString(percent)));
        }
        if (percent <= options.batteryLowPercent() && !lock.lowBatteryReported) {
            lock.lowBatteryReported = true;
            emit(lock, LockEventType.BATTERY_LOW, Map.of("percent", Integer.toString(percent)));
        } else if (percent > options.batteryLowPercent()) {
            lock.lowBatteryReported = false;
        }
        if (percent == 0 && lock.online) {
            setOnline(lock, false, "battery");
        }
    }

    private void setOnline(SimulatedLock lock, boolean online, String reason) {
        if (lock.online == online) {
            return;
        }
        lock.online = online;
        emit(lock, online ? LockEventType.LOCK_ONLINE : LockEventType.LOCK_OFFLINE, Map.of("reason", reason));
    }

    private void telemetryTick() {
        double hours = options.telemetryIntervalSeconds() / 3600.0;
        double forcedChance = options.forcedOpenPerHour() * hours;
        for (SimulatedLock lock : locks.values()) {
            drain(lock, options.batteryDrainPerHour() * hours);
            if (forcedChance > 0 && lock.online && lock.bolt == BoltState.LOCKED && lock.door == DoorState.CLOSED
                    && random.nextDouble() < forcedChance) {
                openDoor(lock);
                closeDoorLater(lock);
            }
        }
    }

    private void emit(SimulatedLock lock, LockEventType type, Map<String, String> attributes) {
        try {
            events.publish(lock.id(), type, attributes);
        } catch (RuntimeException e) {
            LOG.warn("Event {} of lock {} was not published: {}", type, lock.id(), e.toString());
        }
    }

    // ---- results ----

    private void finish(PendingCommand pending, Outcome outcome, String detail) {
        finish(pending, LockResult.failed(pending.command, outcome, detail));
    }

    /** The one place a command ends: once, COMMAND_RESULT published before the caller hears of it. */
    private void finish(PendingCommand pending, LockResult result) {
        if (!pending.done.compareAndSet(false, true)) {
            return;
        }
        inFlight.remove(pending);
        SimulatedLock.cancel(pending.deadlineTimer);
        try {
            events.publishResult(pending.command, result);
        } catch (RuntimeException e) {
            LOG.warn("COMMAND_RESULT of {} ({}) was not published: {}", pending.command.commandId(), result.outcome(),
                    e.toString());
        }
        pending.result.complete(result);
    }

    // ---- control hooks ----

    LockState state(String lockId) {
        return onSimulationThread(lockId, SimulatedLock::state);
    }

    LockState openDoor(String lockId) {
        return onSimulationThread(lockId, lock -> {
            openDoor(lock);
            return lock.state();
        });
    }

    LockState closeDoor(String lockId) {
        return onSimulationThread(lockId, lock -> {
            closeDoor(lock);
            return lock.state();
        });
    }

    LockState leaveDoorAjar(String lockId) {
        return onSimulationThread(lockId, lock -> {
            openDoor(lock);
            SimulatedLock.cancel(lock.closeTimer);
            markAjar(lock);
            return lock.state();
        });
    }

    LockState forceEntry(String lockId) {
        return onSimulationThread(lockId, lock -> {
            if (lock.bolt != BoltState.LOCKED) {
                throw new IllegalStateException("lock " + lockId + " is not locked: " + lock.bolt);
            }
            openDoor(lock);
            return lock.state();
        });
    }

    LockState jam(String lockId) {
        return onSimulationThread(lockId, lock -> {
            if (lock.bolt != BoltState.JAMMED) {
                jamBolt(lock);
            }
            return lock.state();
        });
    }

    LockState clearJam(String lockId) {
        return onSimulationThread(lockId, lock -> {
            if (lock.bolt == BoltState.JAMMED) {
                throwBolt(lock, "maintenance", null);
            }
            return lock.state();
        });
    }

    LockState setBattery(String lockId, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("battery percent out of range: " + percent);
        }
        return onSimulationThread(lockId, lock -> {
            lock.battery = percent;
            reportBattery(lock);
            return lock.state();
        });
    }

    LockState setOnline(String lockId, boolean online) {
        return onSimulationThread(lockId, lock -> {
            setOnline(lock, online, "staged");
            return lock.state();
        });
    }

    LockState presentCredential(String lockId, CredentialType type, String credentialId, String secret) {
        Credential presented = new Credential(type, credentialId, secret);
        return onSimulationThread(lockId, lock -> {
            Credential stored = lock.credentials.get(key(presented));
            String reason = null;
            if (!lock.online) {
                return lock.state();
            } else if (stored == null) {
                reason = "unknown-credential";
            } else if (type == CredentialType.PIN && !Objects.equals(stored.secret(), secret)) {
                reason = "wrong-pin";
            } else if (lock.lockdown) {
                reason = "lockdown";
            } else if (lock.bolt == BoltState.JAMMED) {
                reason = "jammed";
            }
            if (reason != null) {
                emit(lock, LockEventType.ACCESS_DENIED, Map.of("credentialId", credentialId, "reason", reason));
            } else {
                drain(lock, options.batteryDrainPerOperation());
                retractBolt(lock, method(type), credentialId, options.defaultRelock());
                maybeGuestOpensDoor(lock);
            }
            return lock.state();
        });
    }

    private <T> T onSimulationThread(String lockId, Function<SimulatedLock, T> action) {
        SimulatedLock lock = locks.get(lockId);
        if (lock == null) {
            throw new IllegalArgumentException("no lock " + lockId + " on " + options.adapterId());
        }
        if (Thread.currentThread() == simulationThread) {
            return action.apply(lock);
        }
        Future<T> done;
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(STOPPED);
            }
            done = simulation.submit(() -> action.apply(lock));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException(STOPPED, e);
        } finally {
            lifecycle.readLock().unlock();
        }
        try {
            return done.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulation thread did not answer within " + CONTROL_TIMEOUT, e);
        }
    }

    private static String method(CredentialType type) {
        return switch (type) {
            case PIN -> "pin";
            case CARD -> "card";
            case MOBILE_KEY -> "mobile-key";
        };
    }

    private static String key(Credential credential) {
        return credential.type() + ":" + credential.id();
    }

    private static long nanosUntil(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
    }

    /** A failing task must not silently kill the periodic tick or vanish inside a future. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Simulation task of {} failed", options.adapterId(), e);
            } catch (Error e) {
                // a periodic task that throws is silently never run again: say so before it dies
                LOG.error("Simulation task of {} died", options.adapterId(), e);
                throw e;
            }
        };
    }

    private static final class PendingCommand {
        final LockCommand command;
        final CompletableFuture<LockResult> result = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> deadlineTimer;

        PendingCommand(LockCommand command) {
            this.command = command;
        }
    }
}
