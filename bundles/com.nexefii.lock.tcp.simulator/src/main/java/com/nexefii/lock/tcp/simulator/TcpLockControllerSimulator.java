package com.nexefii.lock.tcp.simulator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.tcp.protocol.Bolt;
import com.nexefii.lock.tcp.protocol.CommandRequest;
import com.nexefii.lock.tcp.protocol.CommandResponse;
import com.nexefii.lock.tcp.protocol.ControllerEvent;
import com.nexefii.lock.tcp.protocol.CredentialKind;
import com.nexefii.lock.tcp.protocol.Door;
import com.nexefii.lock.tcp.protocol.ErrorReport;
import com.nexefii.lock.tcp.protocol.EventAck;
import com.nexefii.lock.tcp.protocol.EventCode;
import com.nexefii.lock.tcp.protocol.Frame;
import com.nexefii.lock.tcp.protocol.FrameCodec;
import com.nexefii.lock.tcp.protocol.FrameSession;
import com.nexefii.lock.tcp.protocol.FrameType;
import com.nexefii.lock.tcp.protocol.Hello;
import com.nexefii.lock.tcp.protocol.HelloAck;
import com.nexefii.lock.tcp.protocol.Opcode;
import com.nexefii.lock.tcp.protocol.ProtocolException;
import com.nexefii.lock.tcp.protocol.SecretSealer;
import com.nexefii.lock.tcp.protocol.SessionKeys;
import com.nexefii.lock.tcp.protocol.Status;
import com.nexefii.lock.tcp.protocol.UnitState;

/**
 * A simulated lock controller. One lock guards all state (units, outbox, result cache, sessions);
 * the simulator is about protocol behaviour, not throughput.
 *
 * <p>Sessions: each accepted connection runs the handshake on its own thread. A session becomes
 * the controller's current one when the gateway's first authenticated frame arrives (its
 * confirmation); older sessions are closed then, and every unacknowledged event is sent again in
 * order.
 */
public final class TcpLockControllerSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpLockControllerSimulator.class);

    /** Battery percentage below which a BATTERY_LOW event follows the BATTERY_LEVEL one. */
    static final int LOW_BATTERY = 20;
    private static final int RESULT_CACHE = 1024;
    private static final int OUTBOX_LIMIT = 10_000;
    private static final int HEARTBEAT_MISSES = 3;

    private final SimulatorSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService scheduler;
    private final Map<Integer, Unit> units = new TreeMap<>();
    private final TreeMap<Long, ControllerEvent> outbox = new TreeMap<>();
    private final Map<String, CachedResult> results = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedResult> eldest) {
            return size() > RESULT_CACHE;
        }
    };
    private final Map<String, Integer> executions = new HashMap<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong eventSequence = new AtomicLong();
    /** The outbox and its numbering live in memory only: a new process starts a new epoch. */
    private final long eventEpoch = random.nextLong() & Long.MAX_VALUE;
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicInteger sessionsConfirmed = new AtomicInteger();
    private final AtomicInteger protocolErrors = new AtomicInteger();
    private final AtomicInteger commandsReceived = new AtomicInteger();

    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile int port;
    private volatile boolean closed;
    private volatile Session current;
    private volatile Duration latency;
    private volatile boolean silent;
    private volatile boolean heartbeats;
    private volatile boolean impostor;
    private volatile boolean loseAcks;
    private int busyNext;
    private long outboxDropped;

    public TcpLockControllerSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.latency = settings.latency();
        this.silent = settings.silent();
        this.heartbeats = settings.heartbeats();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcp-lock-sim-timer");
            t.setDaemon(true);
            return t;
        });
        for (int n = 1; n <= settings.units(); n++) {
            units.put(n, new Unit(n, "Nexefii SimLock T" + (n % 2 == 0 ? "2" : "1")));
        }
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(SimulatorSettings.USAGE);
            return;
        }
        SimulatorSettings settings;
        try {
            settings = SimulatorSettings.parse(args, System.getenv("NEXEFII_TCP_KEY"));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(SimulatorSettings.USAGE);
            System.exit(2);
            return;
        }
        TcpLockControllerSimulator simulator = new TcpLockControllerSimulator(settings).start();
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "tcp-lock-sim-shutdown"));
        SimulatorConsole console = new SimulatorConsole(simulator);
        if (settings.controlPort() >= 0) {
            console.listen(settings.controlPort());
        }
        System.out.println("LISTENING " + simulator.port());
        System.out.flush();
        console.run(System.in, System.out);
        simulator.close();
        System.exit(0);
    }

    // ------------------------------------------------------------------ lifecycle

    public synchronized TcpLockControllerSimulator start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()),
                port == 0 ? settings.port() : port));
        server = socket;
        port = socket.getLocalPort();
        Thread thread = new Thread(() -> acceptLoop(socket), "tcp-lock-sim-accept-" + port);
        thread.setDaemon(true);
        acceptor = thread;
        thread.start();
        LOG.info("Simulated lock controller {} listening on {}:{} with {} units", controllerId(),
                settings.bindAddress(), port, units.size());
        return this;
    }

    public int port() {
        return port;
    }

    /** @return the epoch of this simulator's event numbering (HELLO_ACK), new in every instance */
    public long eventEpoch() {
        return eventEpoch;
    }

    public String controllerId() {
        return settings.controllerId() != null ? settings.controllerId() : "sim-" + port;
    }

    @Override
    public void close() {
        closed = true;
        refuseConnections(true);
        for (Session session : sessions) {
            session.close(false);
        }
        scheduler.shutdownNow();
    }

    // ------------------------------------------------------------------ knobs

    public void setLatency(Duration value) {
        latency = value;
    }

    /** Silent: commands are read and then ignored; heartbeats continue, so the link looks healthy. */
    public void setSilent(boolean value) {
        silent = value;
    }

    public void setHeartbeats(boolean value) {
        heartbeats = value;
    }

    /**
     * Impostor: accepts any HELLO without checking its MAC, like a device that only pretends to be
     * the controller. It still answers with its own key, so a gateway with another key must refuse it.
     */
    public void setImpostor(boolean value) {
        impostor = value;
    }

    /** The next {@code count} commands are answered BUSY without being executed. */
    public synchronized void busyNext(int count) {
        busyNext = count;
    }

    /** Closes every connection with FIN, as a controller that reboots does. */
    public void dropConnections() {
        for (Session session : sessions) {
            session.close(false);
        }
    }

    /** Resets every connection (RST), as a crashed controller or a middlebox does. */
    public void resetConnections() {
        for (Session session : sessions) {
            session.close(true);
        }
    }

    /**
     * Stops reading and writing on the current connections without closing them, like a
     * controller that hung or a cable pulled behind a switch: the gateway sees no FIN and no RST,
     * only silence.
     */
    public void halfOpen() {
        for (Session session : sessions) {
            session.frozen = true;
        }
    }

    /**
     * Discards every EVENT_ACK that arrives, as if it were lost on the way (or the gateway died
     * before it went out): the events stay in the outbox and are sent again on the next session.
     */
    public void loseAcks(boolean value) {
        loseAcks = value;
    }

    /** Stops accepting connections (closes the listening socket) or starts again on the same port. */
    public synchronized void refuseConnections(boolean refuse) {
        if (refuse) {
            ServerSocket socket = server;
            server = null;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.debug("closing listener", e);
                }
            }
        } else if (server == null && !closed) {
            try {
                start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on port " + port + " again", e);
            }
        }
    }

    /** Writes bytes that are not a frame to the current connection. */
    public void sendGarbage() {
        withCurrent(session -> session.sendRaw("GARBAGE\r\n\u0000\u00ff not a frame".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Sends a well-formed, authenticated EVENT frame one byte larger than the gateway accepts. */
    public void sendOversized() {
        withCurrent(session -> {
            int payload = session.peerMaxFrameSize - FrameCodec.OVERHEAD + 1;
            session.send(FrameType.EVENT, 0, 0, new byte[payload]);
        });
    }

    /** Sends a HEARTBEAT whose MAC is wrong but whose CRC is right: only the authentication check can catch it. */
    public void sendBadMac() {
        withCurrent(session -> {
            byte[] wire = session.frames.seal(FrameType.HEARTBEAT, 0, 0, new byte[0]);
            wire[FrameCodec.HEADER_LENGTH] ^= 0x01;
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(wire, 0, wire.length - FrameCodec.CRC_LENGTH);
            java.nio.ByteBuffer.wrap(wire).putInt(wire.length - FrameCodec.CRC_LENGTH, (int) crc.getValue());
            session.sendRaw(wire);
        });
    }

    /** Sends the last frame again, byte for byte: what an attacker replaying a capture does. */
    public void replayLastFrame() {
        withCurrent(session -> {
            byte[] last = session.lastSent;
            if (last != null) {
                session.sendRaw(last);
            }
        });
    }

    public void jam(int unit, boolean jammed) {
        synchronized (this) {
            Unit u = unit(unit);
            u.jammed = jammed;
            if (jammed) {
                u.bolt = Bolt.JAMMED;
                emit(unit, EventCode.JAMMED, Map.of());
            } else {
                u.bolt = Bolt.LOCKED;
            }
        }
    }

    public synchronized void door(int unit, Door door) {
        Unit u = unit(unit);
        u.door = door;
        switch (door) {
            case OPEN -> emit(unit, EventCode.DOOR_OPENED, Map.of());
            case CLOSED -> emit(unit, EventCode.DOOR_CLOSED, Map.of());
            case AJAR -> emit(unit, EventCode.DOOR_AJAR, Map.of());
            default -> throw new IllegalArgumentException("door state " + door + " is not an event");
        }
    }

    /** The door opened while the bolt was thrown. */
    public synchronized void forced(int unit) {
        unit(unit).door = Door.OPEN;
        emit(unit, EventCode.DOOR_FORCED, Map.of());
    }

    public synchronized void tamper(int unit) {
        unit(unit);
        emit(unit, EventCode.TAMPER, Map.of());
    }

    public synchronized void battery(int unit, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("battery percent must be 0-100: " + percent);
        }
        unit(unit).battery = percent;
        emit(unit, EventCode.BATTERY_LEVEL, Map.of("percent", Integer.toString(percent)));
        if (percent < LOW_BATTERY) {
            emit(unit, EventCode.BATTERY_LOW, Map.of("percent", Integer.toString(percent)));
        }
    }

    public synchronized void unitOnline(int unit, boolean online) {
        unit(unit).online = online;
        emit(unit, online ? EventCode.UNIT_ONLINE : EventCode.UNIT_OFFLINE, Map.of());
    }

    /** Someone presented a credential the unit refused. */
    public synchronized void accessDenied(int unit, String credentialId) {
        unit(unit);
        emit(unit, EventCode.ACCESS_DENIED, Map.of("credentialId", credentialId, "reason", "unknown-credential"));
    }

    /** Someone typed a PIN on the keypad and the unit opened. */
    public synchronized void keypadUnlock(int unit, String credentialId) {
        Unit u = unit(unit);
        emit(unit, EventCode.ACCESS_GRANTED, Map.of("credentialId", credentialId, "reason", "stored-credential"));
        unlock(u, settings.relockDefault(), credentialId, "pin");
    }

    public synchronized void addUnit(int unit, String model) {
        if (units.containsKey(unit)) {
            throw new IllegalArgumentException("unit " + unit + " exists");
        }
        units.put(unit, new Unit(unit, model));
        emit(unit, EventCode.UNIT_ADDED, Map.of("model", model));
    }

    public synchronized void removeUnit(int unit) {
        unit(unit);
        units.remove(unit);
        emit(unit, EventCode.UNIT_REMOVED, Map.of());
    }

    // ------------------------------------------------------------------ observation (tests, console)

    public synchronized UnitState state(int unit) {
        return unit(unit).state();
    }

    public synchronized Set<String> credentials(int unit) {
        return Set.copyOf(unit(unit).credentials);
    }

    /** @return how many times the command with this id was actually executed (not answered from cache) */
    public synchronized int executions(String commandId) {
        return executions.getOrDefault(commandId, 0);
    }

    public int commandsReceived() {
        return commandsReceived.get();
    }

    /** @return sessions the gateway confirmed with an authenticated frame, since start */
    public int sessionsConfirmed() {
        return sessionsConfirmed.get();
    }

    public int protocolErrors() {
        return protocolErrors.get();
    }

    /** @return events emitted since start; they are numbered 1 to this */
    public long eventsEmitted() {
        return eventSequence.get();
    }

    /** @return events not yet acknowledged by the gateway */
    public synchronized int unacknowledgedEvents() {
        return outbox.size();
    }

    /** @return true when a confirmed session is open and not frozen */
    public boolean connected() {
        Session session = current;
        return session != null && !session.closed && !session.frozen;
    }

    public synchronized String status() {
        StringBuilder text = new StringBuilder();
        text.append("controller ").append(controllerId()).append(" port ").append(port)
                .append(connected() ? " connected" : " not connected").append(", latency ").append(latency.toMillis())
                .append(" ms").append(silent ? ", SILENT" : "").append(heartbeats ? "" : ", NO HEARTBEATS")
                .append(", unacknowledged events ").append(outbox.size()).append(", sessions ")
                .append(sessionsConfirmed.get()).append(", protocol errors ").append(protocolErrors.get());
        for (Unit unit : units.values()) {
            text.append('\n').append("  unit ").append(unit.number).append(' ').append(unit.state())
                    .append(unit.online ? "" : " OFFLINE").append(" credentials ").append(unit.credentials.size());
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ connections

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                Session session = new Session(sessionIds.incrementAndGet(), accepted);
                sessions.add(session);
                Thread thread = new Thread(session, "tcp-lock-sim-session-" + session.id);
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("accept failed", e);
                }
            }
        }
    }

    private void withCurrent(java.util.function.Consumer<Session> action) {
        Session session = current;
        if (session == null || session.closed) {
            throw new IllegalStateException("no gateway connected");
        }
        action.accept(session);
    }

    private synchronized void confirm(Session session) {
        for (Session other : sessions) {
            if (other != session && other.id < session.id) {
                LOG.info("Session {} superseded by session {}", other.id, session.id);
                other.close(false);
            }
        }
        current = session;
        sessionsConfirmed.incrementAndGet();
        for (ControllerEvent event : outbox.values()) {
            session.send(FrameType.EVENT, 0, 0, event.encode());
        }
    }

    private final class Session implements Runnable {

        final int id;
        final Socket socket;
        final CountDownLatch closedLatch = new CountDownLatch(1);
        volatile FrameSession frames;
        volatile boolean confirmed;
        volatile boolean frozen;
        volatile boolean closed;
        volatile long lastReceivedNanos = System.nanoTime();
        volatile int peerMaxFrameSize = FrameCodec.SMALLEST_MAX_FRAME_SIZE;
        volatile byte[] lastSent;
        private ScheduledFuture<?> heartbeatTask;
        private OutputStream out;

        Session(int id, Socket socket) {
            this.id = id;
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                socket.setSoTimeout(10_000);
                FrameCodec.ReceivedFrame helloFrame = FrameCodec.read(in, settings.maxFrameSize());
                if (helloFrame == null) {
                    return;
                }
                Hello hello = impostor ? Hello.decode(helloFrame.frame().payload())
                        : FrameSession.openHello(settings.sharedKey(), helloFrame);
                byte[] nonce = SessionKeys.newNonce(random);
                frames = FrameSession.forController(SessionKeys.derive(settings.sharedKey(), hello.nonce(), nonce));
                peerMaxFrameSize = hello.maxFrameSize();
                lastReceivedNanos = System.nanoTime();
                List<HelloAck.UnitInfo> unitList = new ArrayList<>();
                synchronized (TcpLockControllerSimulator.this) {
                    units.values().forEach(u -> unitList.add(new HelloAck.UnitInfo(u.number, u.model)));
                }
                send(FrameType.HELLO_ACK, 0, 0,
                        new HelloAck(nonce, controllerId(), "simulator-1", eventEpoch, unitList).encode());
                socket.setSoTimeout(0);
                LOG.info("Session {}: gateway {} said HELLO, heartbeat {} ms", id, hello.gatewayId(),
                        hello.heartbeatIntervalMs());
                long interval = hello.heartbeatIntervalMs();
                heartbeatTask = scheduler.scheduleAtFixedRate(() -> heartbeat(interval), interval, interval,
                        TimeUnit.MILLISECONDS);
                while (!closed) {
                    FrameCodec.ReceivedFrame received = FrameCodec.read(in, settings.maxFrameSize());
                    if (received == null) {
                        LOG.info("Session {}: gateway closed the connection", id);
                        return;
                    }
                    if (frozen) {
                        // half-open: what arrives now is never read by the "hung" controller
                        closedLatch.await();
                        return;
                    }
                    Frame frame = frames.open(received);
                    lastReceivedNanos = System.nanoTime();
                    if (!confirmed) {
                        confirmed = true;
                        confirm(this);
                    }
                    dispatch(this, frame);
                }
            } catch (ProtocolException e) {
                protocolErrors.incrementAndGet();
                LOG.warn("Session {}: protocol error, resetting: {}", id, e.getMessage());
                if (frames != null) {
                    send(FrameType.ERROR, 0, 0, ErrorReport.of(e).encode());
                }
                close(true);
            } catch (IOException e) {
                if (!closed) {
                    LOG.info("Session {}: connection lost: {}", id, e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(false);
            }
        }

        private void heartbeat(long intervalMs) {
            if (closed || frozen) {
                return;
            }
            long silentFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceivedNanos);
            if (silentFor > intervalMs * HEARTBEAT_MISSES) {
                LOG.info("Session {}: nothing from the gateway for {} ms, closing", id, silentFor);
                close(false);
                return;
            }
            if (heartbeats) {
                send(FrameType.HEARTBEAT, 0, 0, new byte[0]);
            }
        }

        synchronized void send(FrameType type, int flags, int correlationId, byte[] payload) {
            if (closed || frozen || frames == null) {
                return;
            }
            byte[] wire = frames.seal(type, flags, correlationId, payload);
            lastSent = wire;
            write(wire);
        }

        synchronized void sendRaw(byte[] wire) {
            if (!closed) {
                write(wire);
            }
        }

        private void write(byte[] wire) {
            try {
                out.write(wire);
                out.flush();
            } catch (IOException e) {
                LOG.info("Session {}: write failed: {}", id, e.toString());
                close(false);
            }
        }

        void close(boolean reset) {
            if (closed) {
                return;
            }
            closed = true;
            if (heartbeatTask != null) {
                heartbeatTask.cancel(false);
            }
            try {
                if (reset) {
                    socket.setSoLinger(true, 0);
                }
                socket.close();
            } catch (SocketException e) {
                LOG.debug("socket already gone", e);
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
            sessions.remove(this);
            closedLatch.countDown();
        }
    }

    // ------------------------------------------------------------------ protocol behaviour

    private void dispatch(Session session, Frame frame) throws ProtocolException {
        switch (frame.type()) {
            case HEARTBEAT -> {
                // liveness only; lastReceivedNanos is already updated
            }
            case COMMAND -> command(session, frame);
            case EVENT_ACK -> {
                long acked = EventAck.decode(frame.payload()).eventSequence();
                if (loseAcks) {
                    LOG.info("Session {}: EVENT_ACK #{} discarded (loseacks on)", session.id, acked);
                    return;
                }
                synchronized (this) {
                    outbox.remove(acked);
                }
            }
            case ERROR -> {
                ErrorReport report = ErrorReport.decode(frame.payload());
                LOG.warn("Session {}: gateway reports error {}: {}", session.id, report.code(), report.message());
            }
            default -> throw new ProtocolException(ProtocolException.Kind.UNEXPECTED,
                    frame.type() + " is not sent by a gateway after the handshake");
        }
    }

    private void command(Session session, Frame frame) throws ProtocolException {
        CommandRequest request = CommandRequest.decode(frame.payload());
        commandsReceived.incrementAndGet();
        if (silent) {
            LOG.info("Session {}: ignoring {} {} (silent)", session.id, request.opcode(), request.commandId());
            return;
        }
        Waiter waiter = new Waiter(session, frame.correlationId());
        synchronized (this) {
            if (busyNext > 0) {
                busyNext--;
                session.send(FrameType.RESPONSE, 0, frame.correlationId(),
                        CommandResponse.of(Status.BUSY, null, "busy, not executed").encode());
                return;
            }
            CachedResult cached = results.get(request.commandId());
            if (cached != null) {
                if (cached.response != null) {
                    waiter.answer(cached.response);
                } else {
                    cached.waiters.add(waiter);
                }
                return;
            }
            CachedResult pending = new CachedResult();
            pending.waiters.add(waiter);
            results.put(request.commandId(), pending);
        }
        byte[] secretKey = session.frames.keys().secret();
        Runnable execution = () -> {
            synchronized (this) {
                CachedResult pending = results.get(request.commandId());
                CommandResponse response = execute(request, secretKey);
                if (pending == null) {
                    return;
                }
                pending.response = response;
                for (Waiter w : pending.waiters) {
                    w.answer(response);
                }
                pending.waiters.clear();
            }
        };
        Duration delay = latency;
        if (delay.isZero()) {
            execution.run();
        } else {
            scheduler.schedule(execution, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private CommandResponse execute(CommandRequest request, byte[] secretKey) {
        executions.merge(request.commandId(), 1, Integer::sum);
        Unit unit = units.get(request.unit());
        if (unit == null) {
            return CommandResponse.of(Status.UNKNOWN_UNIT, null, "no unit " + request.unit());
        }
        if (!unit.online) {
            return CommandResponse.of(Status.UNIT_OFFLINE, null, "unit " + request.unit() + " does not answer on the bus");
        }
        switch (request.opcode()) {
            case LOCK -> {
                if (unit.jammed) {
                    emit(unit.number, EventCode.JAMMED, Map.of());
                    return CommandResponse.of(Status.JAMMED, unit.state(), "bolt blocked");
                }
                cancelRelock(unit);
                if (unit.bolt != Bolt.LOCKED) {
                    unit.bolt = Bolt.LOCKED;
                    emit(unit.number, EventCode.LOCKED, Map.of("method", "remote"));
                }
            }
            case UNLOCK -> {
                if (unit.lockdown) {
                    return CommandResponse.of(Status.LOCKDOWN_ACTIVE, unit.state(), "unit is in lockdown");
                }
                if (unit.jammed) {
                    emit(unit.number, EventCode.JAMMED, Map.of());
                    return CommandResponse.of(Status.JAMMED, unit.state(), "bolt blocked");
                }
                Duration relock = request.relockSeconds() == 0 ? settings.relockDefault()
                        : Duration.ofSeconds(request.relockSeconds());
                unlock(unit, relock, null, "remote");
            }
            case LOCKDOWN_ON, LOCKDOWN_OFF -> {
                boolean on = request.opcode() == Opcode.LOCKDOWN_ON;
                if (on && !unit.jammed && unit.bolt != Bolt.LOCKED) {
                    cancelRelock(unit);
                    unit.bolt = Bolt.LOCKED;
                    emit(unit.number, EventCode.LOCKED, Map.of("method", "lockdown"));
                }
                if (unit.lockdown != on) {
                    unit.lockdown = on;
                    emit(unit.number, EventCode.LOCKDOWN_CHANGED, Map.of("lockdown", Boolean.toString(on)));
                }
            }
            case SET_CREDENTIAL -> {
                if (request.credentialKind() == CredentialKind.NONE || request.credentialId().isEmpty()) {
                    return CommandResponse.of(Status.INVALID_PARAMETERS, unit.state(), "credential missing");
                }
                if (request.credentialKind() == CredentialKind.PIN) {
                    String pin;
                    try {
                        pin = new String(SecretSealer.open(secretKey, request.commandId(), request.sealedSecret()),
                                StandardCharsets.UTF_8);
                    } catch (ProtocolException e) {
                        return CommandResponse.of(Status.INVALID_PARAMETERS, unit.state(), "PIN does not verify");
                    }
                    if (!pin.matches("[0-9]{4,12}")) {
                        return CommandResponse.of(Status.INVALID_PARAMETERS, unit.state(), "PIN must be 4-12 digits");
                    }
                }
                String key = request.credentialKind() + ":" + request.credentialId();
                if (!unit.credentials.contains(key) && unit.credentials.size() >= settings.maxCredentialsPerUnit()) {
                    return CommandResponse.of(Status.MEMORY_FULL, unit.state(),
                            "all " + settings.maxCredentialsPerUnit() + " credential slots used");
                }
                unit.credentials.add(key);
            }
            case CLEAR_CREDENTIAL -> {
                if (request.credentialKind() == CredentialKind.NONE || request.credentialId().isEmpty()) {
                    return CommandResponse.of(Status.INVALID_PARAMETERS, unit.state(), "credential missing");
                }
                unit.credentials.remove(request.credentialKind() + ":" + request.credentialId());
            }
            case QUERY_STATE -> {
                // the state goes into every OK response anyway
            }
            default -> {
                return CommandResponse.of(Status.UNSUPPORTED, unit.state(), request.opcode() + " not supported");
            }
        }
        return CommandResponse.of(Status.OK, unit.state(), "");
    }

    private void unlock(Unit unit, Duration relock, String credentialId, String method) {
        cancelRelock(unit);
        unit.bolt = Bolt.UNLOCKED;
        Map<String, String> attributes = new HashMap<>();
        attributes.put("method", method);
        if (credentialId != null) {
            attributes.put("credentialId", credentialId);
        }
        emit(unit.number, EventCode.UNLOCKED, attributes);
        unit.relock = scheduler.schedule(() -> {
            synchronized (this) {
                if (unit.bolt == Bolt.UNLOCKED && !unit.jammed) {
                    unit.bolt = Bolt.LOCKED;
                    emit(unit.number, EventCode.LOCKED, Map.of("method", "auto-relock"));
                }
            }
        }, relock.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelRelock(Unit unit) {
        if (unit.relock != null) {
            unit.relock.cancel(false);
            unit.relock = null;
        }
    }

    /** Appends to the outbox and sends to the current session; caller holds the monitor. */
    private void emit(int unit, EventCode code, Map<String, String> attributes) {
        ControllerEvent event = ControllerEvent.of(eventSequence.incrementAndGet(), unit, code,
                System.currentTimeMillis(), attributes);
        if (outbox.size() >= OUTBOX_LIMIT) {
            outbox.pollFirstEntry();
            outboxDropped++;
            LOG.warn("Outbox full: dropped the oldest event ({} dropped so far)", outboxDropped);
        }
        outbox.put(event.eventSequence(), event);
        Session session = current;
        if (session != null && session.confirmed && !session.closed) {
            session.send(FrameType.EVENT, 0, 0, event.encode());
        }
    }

    private Unit unit(int number) {
        Unit unit = units.get(number);
        if (unit == null) {
            throw new IllegalArgumentException("no unit " + number + " (units: " + units.keySet() + ")");
        }
        return unit;
    }

    private static final class Unit {
        final int number;
        final String model;
        final Set<String> credentials = new HashSet<>();
        Bolt bolt = Bolt.LOCKED;
        Door door = Door.CLOSED;
        boolean lockdown;
        boolean jammed;
        boolean online = true;
        int battery = 90;
        ScheduledFuture<?> relock;

        Unit(int number, String model) {
            this.number = number;
            this.model = model;
        }

        UnitState state() {
            return new UnitState(bolt, door, lockdown, battery);
        }
    }

    private static final class CachedResult {
        CommandResponse response;
        final List<Waiter> waiters = new ArrayList<>();
    }

    private record Waiter(Session session, int correlationId) {
        void answer(CommandResponse response) {
            session.send(FrameType.RESPONSE, 0, correlationId, response.encode());
        }
    }
}
