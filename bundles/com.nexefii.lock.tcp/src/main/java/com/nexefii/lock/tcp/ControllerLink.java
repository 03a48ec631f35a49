package com.nexefii.lock.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.tcp.protocol.Frame;
import com.nexefii.lock.tcp.protocol.FrameType;
import com.nexefii.lock.tcp.protocol.ProtocolException;

/**
 * Keeps one session to the controller alive: connect, handshake, read until the session dies,
 * back off, again, until stopped. All reading happens on the link's own thread; the heartbeat
 * watchdog runs on the adapter's timer.
 */
final class ControllerLink {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerLink.class);

    /** What the link reports; every call comes from the link thread. */
    interface Listener {

        /** A session is up; its HELLO_ACK lists the controller's units. */
        void onReady(ControllerSession session);

        /** An authenticated frame arrived; throwing ends the session (reason: the exception). */
        void onFrame(ControllerSession session, Frame frame) throws IOException;

        /** The session that was up is gone. */
        void onLost(ControllerSession session, String reason);

        /** The controller broke the protocol (already counted); security-relevant kinds deserve an alarm. */
        void onProtocolError(ProtocolException error, boolean duringHandshake);

        /** The link's state or counters changed. */
        void onStatisticsChanged();
    }

    private final TcpAdapterOptions options;
    private final String gatewayId;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final LinkCounters counters;
    private final LinkStateMachine states;
    private final ReconnectBackoff backoff;
    private final SecureRandom random = new SecureRandom();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ControllerSession session;
    private volatile Socket connecting;
    private volatile String lastFailure = "not connected yet";
    private Thread thread;
    private ScheduledFuture<?> watchdog;

    ControllerLink(TcpAdapterOptions options, String gatewayId, Listener listener, ScheduledExecutorService timer,
            LinkCounters counters) {
        this.options = options;
        this.gatewayId = gatewayId;
        this.listener = listener;
        this.timer = timer;
        this.counters = counters;
        this.states = new LinkStateMachine((from, to) -> {
            LOG.debug("Controller {} link {} -> {}", options.endpoint(), from, to);
            listener.onStatisticsChanged();
        });
        this.backoff = new ReconnectBackoff(options.reconnectBackoffMin(), options.reconnectBackoffMax(),
                options.reconnectJitter(), () -> ThreadLocalRandom.current().nextDouble());
    }

    void start() {
        thread = new Thread(this::run, "tcp-lock-" + options.adapterId() + "-link");
        thread.setDaemon(true);
        thread.start();
        long interval = options.heartbeatInterval().toMillis();
        watchdog = timer.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops for good: closes the session, waits briefly for the link thread. */
    void stop() throws InterruptedException {
        states.stop();
        stopped.countDown();
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        Socket pending = connecting;
        if (pending != null) {
            closeQuietly(pending);
        }
        ControllerSession current = session;
        if (current != null) {
            current.close("adapter stopping", false);
        }
        if (thread != null) {
            thread.join(options.connectTimeout().toMillis() + 1000);
        }
    }

    LinkState state() {
        return states.state();
    }

    /** @return the session when READY, else {@code null} */
    ControllerSession readySession() {
        ControllerSession current = session;
        return current != null && current.isOpen() && states.state() == LinkState.READY ? current : null;
    }

    /** @return why the link is not up, for the detail of an UNREACHABLE result */
    String lastFailure() {
        return lastFailure;
    }

    private void run() {
        int failures = 0;
        while (stopped.getCount() > 0) {
            if (!states.to(LinkState.CONNECTING)) {
                break;
            }
            ControllerSession opened = connect();
            if (opened == null) {
                counters.connectFailures.incrementAndGet();
                if (!backOff(failures++)) {
                    break;
                }
                continue;
            }
            session = opened;
            opened.startWriter("tcp-lock-" + options.adapterId() + "-writer");
            // the gateway's first authenticated frame confirms the session to the controller, which
            // only then drops older sessions and resends its unacknowledged events
            opened.send(FrameType.HEARTBEAT, 0, 0, new byte[0]);
            if (!states.to(LinkState.READY)) {
                opened.close("adapter stopping", false);
                break;
            }
            failures = 0;
            counters.sessions.incrementAndGet();
            LOG.info("Controller {} ({}) connected: {} units", options.endpoint(), opened.helloAck().controllerId(),
                    opened.helloAck().units().size());
            String reason = readUntilLost(opened);
            session = null;
            lastFailure = reason;
            if (stopped.getCount() > 0) {
                counters.sessionsLost.incrementAndGet();
                LOG.warn("Controller {} connection lost: {}", options.endpoint(), reason);
            }
            listener.onLost(opened, reason);
            if (!backOff(failures++)) {
                break;
            }
        }
        states.stop();
        LOG.debug("Controller {} link thread ends", options.endpoint());
    }

    /** @return the session, or null when connect or handshake failed (logged, counted) */
    private ControllerSession connect() {
        Socket socket = new Socket();
        connecting = socket;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(options.host(), options.port()),
                    (int) options.connectTimeout().toMillis());
            if (!states.to(LinkState.HANDSHAKING)) {
                socket.close();
                return null;
            }
            return ControllerSession.handshake(socket, options, gatewayId, random);
        } catch (ProtocolException e) {
            counters.protocolError(e);
            lastFailure = "handshake failed: " + e.getMessage();
            LOG.warn("Controller {} handshake failed: {}", options.endpoint(), e.getMessage());
            listener.onProtocolError(e, true);
        } catch (IOException | RuntimeException e) {
            lastFailure = "cannot connect to " + options.endpoint() + ": " + e.getMessage();
            if (stopped.getCount() > 0) {
                LOG.info("Controller {}: {}", options.endpoint(), lastFailure);
            }
        } finally {
            connecting = null;
        }
        closeQuietly(socket);
        return null;
    }

    private String readUntilLost(ControllerSession opened) {
        try {
            listener.onReady(opened);
            Frame frame;
            while ((frame = opened.read()) != null) {
                listener.onFrame(opened, frame);
            }
            opened.close("controller closed the connection", false);
            return "controller closed the connection";
        } catch (ProtocolException e) {
            counters.protocolError(e);
            // the bytes after a bad frame cannot be trusted: reset, do not drain
            opened.close("protocol error: " + e.getMessage(), true);
            listener.onProtocolError(e, false);
            return "protocol error: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            String ownReason = opened.closeReason();
            opened.close(e.toString(), false);
            return ownReason != null ? ownReason : e.toString();
        }
    }

    /** @return false when stopped while waiting */
    private boolean backOff(int failures) {
        if (!states.to(LinkState.BACKING_OFF)) {
            return false;
        }
        Duration delay = backoff.delay(failures);
        LOG.debug("Controller {}: next attempt in {} ms", options.endpoint(), delay.toMillis());
        try {
            return !stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Timer: sends our heartbeat, and declares the session dead when the controller's stopped. */
    private void heartbeat() {
        ControllerSession current = readySession();
        if (current == null) {
            return;
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(current.nanosSinceLastFrame());
        if (silentMillis > options.deadAfter().toMillis()) {
            counters.heartbeatTimeouts.incrementAndGet();
            // RST: a half-open peer would never answer a FIN anyway
            current.close("heartbeat lost: nothing from the controller for " + silentMillis + " ms", true);
            return;
        }
        current.send(FrameType.HEARTBEAT, 0, 0, new byte[0]);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close", e);
        }
    }
}
