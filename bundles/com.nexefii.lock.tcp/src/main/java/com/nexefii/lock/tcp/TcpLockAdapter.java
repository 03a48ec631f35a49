package com.nexefii.lock.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.tcp.protocol.CommandRequest;
import com.nexefii.lock.tcp.protocol.CommandResponse;
import com.nexefii.lock.tcp.protocol.ControllerEvent;
import com.nexefii.lock.tcp.protocol.ErrorReport;
import com.nexefii.lock.tcp.protocol.EventAck;
import com.nexefii.lock.tcp.protocol.EventCode;
import com.nexefii.lock.tcp.protocol.Frame;
import com.nexefii.lock.tcp.protocol.FrameType;
import com.nexefii.lock.tcp.protocol.HelloAck;
import com.nexefii.lock.tcp.protocol.Opcode;
import com.nexefii.lock.tcp.protocol.ProtocolException;
import com.nexefii.lock.tcp.protocol.SecretSealer;
import com.nexefii.lock.tcp.protocol.Status;

/**
 * One lock controller as a {@link LockAdapter}. Plain Java: the DS component only parses the
 * configuration and registers it.
 *
 * <p>Commands: each is a {@link PendingCommand} with one deadline timer. It is sent as soon as the
 * link is READY; idempotent ones are sent again when an attempt goes unanswered, when the
 * controller answers BUSY, or after a reconnect, while the deadline allows. Whatever path ends it,
 * {@link #complete} lets only the first result through, publishes its COMMAND_RESULT event and
 * then completes the caller's stage.
 *
 * <p>Events: the controller repeats every event until it gets EVENT_ACK, and the adapter sends that
 * only after {@link LockEventPublisher#publish} returned, which means the durable store has it, and
 * after the {@link ControllerEventLedger} recorded it. If publishing fails the session is dropped, so
 * the controller sends the event again after reconnect. An event the ledger knows as stored (its ack
 * was lost) is acknowledged again without being published twice.
 */
final class TcpLockAdapter implements LockAdapter, ControllerLink.Listener {

    static final String PROTOCOL = "tcp";

    private static final Logger LOG = LoggerFactory.getLogger(TcpLockAdapter.class);
    private static final int RECENT_COMMAND_IDS = 4096;

    /** A response is matched by session and correlation id: ids restart at 1 in every session. */
    private record Correlation(ControllerSession session, int id) {
    }

    private static final class PendingCommand {
        final LockCommand command;
        final int unit;
        final Opcode opcode;
        final long deadlineNanos;
        final CompletableFuture<LockResult> future = new CompletableFuture<>();
        final List<Correlation> correlations = new ArrayList<>();
        int attempts;
        boolean waitingForLink;
        boolean done;
        ControllerSession session;
        ScheduledFuture<?> deadlineTask;
        ScheduledFuture<?> attemptTask;

        PendingCommand(LockCommand command, int unit, Opcode opcode, long deadlineNanos) {
            this.command = command;
            this.unit = unit;
            this.opcode = opcode;
            this.deadlineNanos = deadlineNanos;
        }

        long remainingNanos() {
            return deadlineNanos - System.nanoTime();
        }

        Correlation lastCorrelation() {
            return correlations.isEmpty() ? null : correlations.get(correlations.size() - 1);
        }

        void cancelAttemptTimer() {
            if (attemptTask != null) {
                attemptTask.cancel(false);
                attemptTask = null;
            }
        }
    }

    private final TcpAdapterOptions options;
    private final LockEventPublisher publisher;
    private final KnownUnits knownUnits;
    private final ControllerEventLedger ledger;
    private final Runnable statisticsChanged;
    private final LinkCounters counters = new LinkCounters();
    private final ScheduledExecutorService timer;
    private final ControllerLink link;
    private final SecureRandom random = new SecureRandom();
    private final String lockIdPrefix;

    private final Object guard = new Object();
    private final Map<String, PendingCommand> pending = new LinkedHashMap<>();
    private final Map<Correlation, PendingCommand> byCorrelation = new HashMap<>();
    private final Set<String> recentlyCompleted = Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_COMMAND_IDS;
        }
    });
    private boolean online;
    private volatile boolean stopping;
    private volatile Map<Integer, String> units = Map.of();
    private volatile LinkStatistics lastPublishedStatistics;

    /**
     * @param statisticsChanged called (from the link's threads) when state or counters change
     */
    TcpLockAdapter(TcpAdapterOptions options, LockEventPublisher publisher, KnownUnits knownUnits,
            ControllerEventLedger ledger, Runnable statisticsChanged) {
        this.options = options;
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.knownUnits = knownUnits;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.statisticsChanged = statisticsChanged;
        this.lockIdPrefix = PROTOCOL + "-" + options.adapterId() + "-";
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tcp-lock-" + options.adapterId() + "-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.link = new ControllerLink(options, publisher.gatewayId(), this, timer, counters);
    }

    void start() {
        units = Collections.unmodifiableMap(new TreeMap<>(knownUnits.load()));
        link.start();
        // counters change on hot paths; their service properties follow once per heartbeat interval
        long interval = options.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::publishStatisticsIfChanged, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void publishStatisticsIfChanged() {
        LinkStatistics now = statistics();
        if (!now.equals(lastPublishedStatistics)) {
            lastPublishedStatistics = now;
            statisticsChanged.run();
        }
    }

    /**
     * Stops accepting commands, cancels those not yet sent, gives those sent the shutdown grace to
     * be answered, cancels the rest, then closes the link.
     */
    void stop() {
        List<PendingCommand> unsent = new ArrayList<>();
        List<PendingCommand> inFlight = new ArrayList<>();
        synchronized (guard) {
            stopping = true;
            for (PendingCommand p : pending.values()) {
                (p.attempts == 0 || p.waitingForLink ? unsent : inFlight).add(p);
            }
        }
        for (PendingCommand p : unsent) {
            complete(p, LockResult.failed(p.command, Outcome.CANCELLED,
                    "adapter " + options.adapterId() + " stopped before the command reached the controller"));
        }
        if (!inFlight.isEmpty() && !options.shutdownGrace().isZero()) {
            LOG.info("Waiting up to {} ms for {} command(s) the controller has not answered yet",
                    options.shutdownGrace().toMillis(), inFlight.size());
            try {
                CompletableFuture.allOf(inFlight.stream().map(p -> p.future).toArray(CompletableFuture[]::new))
                        .get(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.debug("grace period over", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<PendingCommand> left;
        synchronized (guard) {
            left = new ArrayList<>(pending.values());
        }
        for (PendingCommand p : left) {
            complete(p, LockResult.failed(p.command, Outcome.CANCELLED, "adapter " + options.adapterId()
                    + " stopped before the controller answered; the lock's state is unknown"));
        }
        try {
            link.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        ledger.close();
    }

    LinkStatistics statistics() {
        return counters.snapshot(link.state());
    }

    LinkState linkState() {
        return link.state();
    }

    // ------------------------------------------------------------------ LockAdapter

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String adapterId() {
        return options.adapterId();
    }

    @Override
    public Collection<LockInfo> locks() {
        List<LockInfo> locks = new ArrayList<>();
        units.forEach((unit, model) -> locks.add(new LockInfo(lockId(unit), PROTOCOL, options.adapterId(), model,
                options.endpoint() + "/" + unit)));
        return locks;
    }

    @Override
    public CompletionStage<LockResult> execute(LockCommand command) {
        Objects.requireNonNull(command, "command");
        if (stopping) {
            return finished(command, Outcome.CANCELLED, "adapter " + options.adapterId() + " is stopping");
        }
        Integer unit = unitOf(command.lockId());
        if (unit == null) {
            return finished(command, Outcome.UNKNOWN_LOCK,
                    "controller " + options.endpoint() + " has no lock " + command.lockId());
        }
        if (command.expired()) {
            return finished(command, Outcome.EXPIRED, "deadline passed before the adapter received the command");
        }
        Optional<Opcode> opcode = ProtocolMapping.opcode(command.type());
        if (opcode.isEmpty()) {
            return finished(command, Outcome.UNSUPPORTED, command.type() + " has no TCP protocol opcode");
        }
        Optional<String> invalid = ProtocolMapping.invalidReason(command.type(), command.relockAfter(),
                command.credential());
        if (invalid.isPresent()) {
            return finished(command, Outcome.INVALID, invalid.get());
        }
        long remaining = Math.min(command.remaining().toNanos(), options.commandTimeout().toNanos());
        PendingCommand p = new PendingCommand(command, unit, opcode.get(), System.nanoTime() + remaining);
        Outcome refused = null;
        synchronized (guard) {
            if (stopping) {
                refused = Outcome.CANCELLED;
            } else if (pending.containsKey(command.commandId()) || recentlyCompleted.contains(command.commandId())) {
                refused = Outcome.DUPLICATE;
            } else {
                pending.put(command.commandId(), p);
                p.deadlineTask = timer.schedule(() -> onDeadline(p), remaining, TimeUnit.NANOSECONDS);
                send(p);
            }
        }
        if (refused == Outcome.CANCELLED) {
            return finished(command, refused, "adapter " + options.adapterId() + " is stopping");
        }
        if (refused == Outcome.DUPLICATE) {
            return finished(command, refused, "command " + command.commandId() + " was already received");
        }
        // a copy: a caller completing its stage must not complete ours
        return p.future.copy();
    }

    // ------------------------------------------------------------------ commands

    /** Sends one attempt, or parks the command until the link is READY. Caller holds {@link #guard}. */
    private void send(PendingCommand p) {
        ControllerSession session = link.readySession();
        if (session == null) {
            p.waitingForLink = true;
            return;
        }
        byte[] payload;
        try {
            payload = requestPayload(p, session);
        } catch (IllegalArgumentException e) {
            timer.execute(() -> complete(p, LockResult.failed(p.command, Outcome.INVALID, e.getMessage())));
            return;
        }
        int flags = p.attempts > 0 ? Frame.FLAG_RETRANSMISSION : 0;
        Correlation correlation = new Correlation(session, session.nextCorrelationId());
        if (!session.send(FrameType.COMMAND, flags, correlation.id(), payload)) {
            // the session died under us; onLost has run or will, and the next READY sends it
            p.waitingForLink = true;
            return;
        }
        if (p.attempts > 0) {
            counters.retransmissions.incrementAndGet();
        }
        p.attempts++;
        p.waitingForLink = false;
        p.session = session;
        p.correlations.add(correlation);
        byCorrelation.put(correlation, p);
        p.cancelAttemptTimer();
        if (p.opcode.idempotent() && p.attempts <= options.retries()) {
            long wait = Math.min(options.responseTimeout().toNanos(), p.remainingNanos());
            int attempt = p.attempts;
            if (wait > 0) {
                p.attemptTask = timer.schedule(() -> onAttemptTimeout(p, attempt), wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    private byte[] requestPayload(PendingCommand p, ControllerSession session) {
        LockCommand command = p.command;
        byte[] sealedSecret = new byte[0];
        if (p.opcode == Opcode.SET_CREDENTIAL && command.credential().secret() != null) {
            sealedSecret = SecretSealer.seal(session.keys().secret(), command.commandId(),
                    command.credential().secret().getBytes(StandardCharsets.UTF_8), random);
        }
        return new CommandRequest(command.commandId(), p.unit, p.opcode,
                p.opcode == Opcode.UNLOCK ? ProtocolMapping.relockSeconds(command.relockAfter()) : 0,
                ProtocolMapping.credentialKind(command.credential()),
                command.credential() == null ? "" : command.credential().id(), sealedSecret).encode();
    }

    private void onAttemptTimeout(PendingCommand p, int attempt) {
        synchronized (guard) {
            if (p.done || p.attempts != attempt || p.waitingForLink) {
                return;
            }
            counters.attemptTimeouts.incrementAndGet();
            LOG.debug("No answer to {} {} after attempt {}, sending again", p.opcode, p.command.commandId(), attempt);
            if (p.remainingNanos() > 0) {
                send(p);
            }
        }
    }

    private void onDeadline(PendingCommand p) {
        boolean reached;
        synchronized (guard) {
            if (p.done) {
                return;
            }
            reached = p.attempts > 0 && !p.waitingForLink;
        }
        if (reached) {
            complete(p, LockResult.failed(p.command, Outcome.TIMEOUT, "no answer from controller "
                    + options.endpoint() + " before the deadline (" + p.attempts + " attempt(s))"));
        } else if (p.attempts > 0) {
            complete(p, LockResult.failed(p.command, Outcome.UNREACHABLE, "connection to controller "
                    + options.endpoint() + " lost after the command was sent, not back before the deadline ("
                    + link.lastFailure() + "); the lock's state is unknown"));
        } else {
            complete(p, LockResult.failed(p.command, Outcome.UNREACHABLE,
                    "controller " + options.endpoint() + " not connected before the deadline: " + link.lastFailure()));
        }
    }

    private void onResponse(ControllerSession session, int correlationId, CommandResponse response) {
        PendingCommand p;
        synchronized (guard) {
            Correlation correlation = new Correlation(session, correlationId);
            p = byCorrelation.remove(correlation);
            if (p == null || p.done) {
                counters.unmatchedResponses.incrementAndGet();
                LOG.debug("Response to unknown or finished correlation id {} ignored", correlationId);
                return;
            }
            if (response.status() == Status.BUSY) {
                if (!correlation.equals(p.lastCorrelation())) {
                    return; // a newer attempt is on its way
                }
                if (p.attempts <= options.retries() && p.remainingNanos() > 0) {
                    // BUSY means not executed: safe to send again, even an UNLOCK
                    p.cancelAttemptTimer();
                    long delay = Math.min(options.reconnectBackoffMin().toNanos(), p.remainingNanos() / 2);
                    p.attemptTask = timer.schedule(() -> {
                        synchronized (guard) {
                            if (!p.done) {
                                send(p);
                            }
                        }
                    }, delay, TimeUnit.NANOSECONDS);
                    return;
                }
            }
        }
        complete(p, result(p, response));
    }

    private LockResult result(PendingCommand p, CommandResponse response) {
        Outcome outcome = ProtocolMapping.outcome(response.status());
        String detail = null;
        if (outcome != Outcome.OK) {
            detail = String.format("controller status %s (0x%02x)%s", response.status(), response.statusCode(),
                    response.detail().isEmpty() ? "" : ": " + response.detail());
        }
        return new LockResult(p.command.commandId(), p.command.lockId(), outcome,
                response.state() == null ? null : ProtocolMapping.lockState(p.command.lockId(), response.state()),
                detail, Instant.now());
    }

    /** Ends a command once: the first caller wins, later ones are ignored. */
    private void complete(PendingCommand p, LockResult result) {
        synchronized (guard) {
            if (p.done) {
                return;
            }
            p.done = true;
            pending.remove(p.command.commandId());
            recentlyCompleted.add(p.command.commandId());
            p.correlations.forEach(byCorrelation::remove);
            p.cancelAttemptTimer();
            if (p.deadlineTask != null) {
                p.deadlineTask.cancel(false);
            }
        }
        publishResult(p.command, result);
        p.future.complete(result);
    }

    private CompletionStage<LockResult> finished(LockCommand command, Outcome outcome, String detail) {
        LockResult result = LockResult.failed(command, outcome, detail);
        publishResult(command, result);
        return CompletableFuture.completedFuture(result);
    }

    private void publishResult(LockCommand command, LockResult result) {
        try {
            publisher.publishResult(command, result);
        } catch (RuntimeException e) {
            LOG.error("COMMAND_RESULT {} of command {} could not be published", result.outcome(),
                    command.commandId(), e);
        }
    }

    // ------------------------------------------------------------------ link events

    @Override
    public void onReady(ControllerSession session) {
        HelloAck hello = session.helloAck();
        Map<Integer, String> reported = new TreeMap<>();
        hello.units().forEach(u -> reported.put(u.unit(), u.model()));
        Map<Integer, String> before = units;
        boolean firstContact = !knownUnits.exists();
        units = Collections.unmodifiableMap(reported);
        knownUnits.store(reported);
        for (Integer unit : before.keySet()) {
            if (!reported.containsKey(unit)) {
                publish(lockId(unit), LockEventType.LOCK_REMOVED, Map.of("reason", "no longer listed by the controller"));
            }
        }
        reported.forEach((unit, model) -> {
            if (firstContact || !before.containsKey(unit)) {
                publish(lockId(unit), LockEventType.LOCK_ADDED,
                        Map.of("model", model, "address", options.endpoint() + "/" + unit));
            }
        });
        reported.keySet().forEach(unit -> publish(lockId(unit), LockEventType.LOCK_ONLINE,
                Map.of("controllerId", hello.controllerId())));
        synchronized (guard) {
            online = true;
            for (PendingCommand p : pending.values()) {
                if (p.waitingForLink && !p.done) {
                    send(p);
                }
            }
        }
        statisticsChanged.run();
    }

    @Override
    public void onFrame(ControllerSession session, Frame frame) throws IOException {
        switch (frame.type()) {
            case HEARTBEAT -> {
                // liveness only: the session noted the arrival
            }
            case RESPONSE -> onResponse(session, frame.correlationId(), CommandResponse.decode(frame.payload()));
            case EVENT -> onEvent(session, ControllerEvent.decode(frame.payload()));
            case ERROR -> {
                ErrorReport report = ErrorReport.decode(frame.payload());
                LOG.warn("Controller {} reports protocol error {}: {}", options.endpoint(), report.code(),
                        report.message());
            }
            default -> throw new ProtocolException(ProtocolException.Kind.UNEXPECTED,
                    frame.type() + " is not sent by a controller after the handshake");
        }
    }

    private void onEvent(ControllerSession session, ControllerEvent event) throws IOException {
        Optional<LockEventType> type = ProtocolMapping.eventType(event.code());
        if (type.isEmpty()) {
            counters.unrecognizedEvents.incrementAndGet();
            LOG.warn("Controller {} sent event code 0x{} this adapter does not know; acknowledged and dropped",
                    options.endpoint(), Integer.toHexString(event.rawCode()));
            session.send(FrameType.EVENT_ACK, 0, 0, new EventAck(event.eventSequence()).encode());
            return;
        }
        String controllerId = session.helloAck().controllerId();
        long epoch = session.helloAck().eventEpoch();
        if (ledger.alreadyStored(controllerId, epoch, event.eventSequence())) {
            // stored before; only the EVENT_ACK was lost (crash, kill -9, dropped connection)
            counters.duplicateEvents.incrementAndGet();
            LOG.info("Controller {} sent event #{} again; it was stored already, acknowledging it once more",
                    options.endpoint(), event.eventSequence());
            session.send(FrameType.EVENT_ACK, 0, 0, new EventAck(event.eventSequence()).encode());
            return;
        }
        Map<String, String> attributes = ProtocolMapping.allowedAttributes(event.attributes());
        attributes.put("controllerId", controllerId);
        attributes.put("controllerEventEpoch", Long.toString(epoch));
        attributes.put("controllerEventSequence", Long.toString(event.eventSequence()));
        attributes.put("occurredAt", Instant.ofEpochMilli(event.occurredAtMillis()).toString());
        if (event.code() == EventCode.UNIT_ADDED || event.code() == EventCode.UNIT_REMOVED) {
            Map<Integer, String> changed = new TreeMap<>(units);
            if (event.code() == EventCode.UNIT_ADDED) {
                changed.put(event.unit(), event.attributes().getOrDefault("model", "unknown"));
            } else {
                changed.remove(event.unit());
            }
            units = Collections.unmodifiableMap(changed);
            knownUnits.store(changed);
        }
        try {
            // the occurrence's name for good: a copy the controller sends again after a crash between the
            // store's append and the ledger's write carries the same event id, and the cloud keeps one
            publisher.publish(lockId(event.unit()), type.get(), attributes,
                    eventKey(controllerId, epoch, event.eventSequence()));
            counters.eventsPublished.incrementAndGet();
        } catch (RuntimeException e) {
            counters.eventPublishFailures.incrementAndGet();
            LOG.error("Event {} #{} from controller {} could not be stored; reconnecting so the controller sends it "
                    + "again", type.get(), event.eventSequence(), options.endpoint(), e);
            throw new IOException("event " + event.eventSequence() + " could not be stored: " + e.getMessage(), e);
        }
        try {
            ledger.stored(controllerId, epoch, event.eventSequence());
        } catch (IOException e) {
            // the event is in the store, so it is acknowledged anyway; only a restart before the next
            // successful write could bring it a second time
            counters.eventLedgerFailures.incrementAndGet();
            LOG.warn("Cannot record controller event #{} of {} as stored: {}", event.eventSequence(),
                    options.endpoint(), e.toString());
        }
        session.send(FrameType.EVENT_ACK, 0, 0, new EventAck(event.eventSequence()).encode());
    }

    /** (adapter id, controller id, event epoch, controller event sequence) names one controller event for good. */
    String eventKey(String controllerId, long epoch, long eventSequence) {
        return "tcp/" + options.adapterId() + "/" + controllerId + "/" + epoch + "/" + eventSequence;
    }

    @Override
    public void onLost(ControllerSession session, String reason) {
        List<PendingCommand> failed = new ArrayList<>();
        boolean wasOnline;
        synchronized (guard) {
            wasOnline = online;
            online = false;
            byCorrelation.keySet().removeIf(c -> c.session() == session);
            for (PendingCommand p : pending.values()) {
                if (p.session != session || p.waitingForLink) {
                    continue;
                }
                p.cancelAttemptTimer();
                if (p.opcode.idempotent() && !stopping && p.attempts <= options.retries() && p.remainingNanos() > 0) {
                    p.waitingForLink = true;
                } else {
                    failed.add(p);
                }
            }
        }
        for (PendingCommand p : failed) {
            complete(p, LockResult.failed(p.command, Outcome.UNREACHABLE, "connection to controller "
                    + options.endpoint() + " lost after the command was sent (" + reason
                    + "); the lock's state is unknown"));
        }
        if (wasOnline && !stopping) {
            units.keySet().forEach(unit -> publish(lockId(unit), LockEventType.LOCK_OFFLINE, Map.of("reason", reason)));
        }
        statisticsChanged.run();
    }

    @Override
    public void onProtocolError(ProtocolException error, boolean duringHandshake) {
        if (error.kind().securityRelevant()) {
            publish(null, LockEventType.GATEWAY_ALARM, Map.of("alarm", "tcp-authentication-failure", "adapterId",
                    options.adapterId(), "controller", options.endpoint(), "detail",
                    (duringHandshake ? "handshake: " : "session: ") + error.getMessage()));
        }
        statisticsChanged.run();
    }

    @Override
    public void onStatisticsChanged() {
        statisticsChanged.run();
    }

    private void publish(String lockId, LockEventType type, Map<String, String> attributes) {
        try {
            publisher.publish(lockId, type, attributes);
        } catch (RuntimeException e) {
            LOG.error("Event {} for {} could not be published", type, lockId, e);
        }
    }

    // ------------------------------------------------------------------ lock ids

    String lockId(int unit) {
        return lockIdPrefix + unit;
    }

    private Integer unitOf(String lockId) {
        if (lockId == null || !lockId.startsWith(lockIdPrefix)) {
            return null;
        }
        String number = lockId.substring(lockIdPrefix.length());
        if (number.isEmpty() || number.length() > 5 || !number.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int unit = Integer.parseInt(number);
        return units.containsKey(unit) ? unit : null;
    }
}
