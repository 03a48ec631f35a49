package com.nexefii.lock.tcp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.tcp.protocol.Frame;
import com.nexefii.lock.tcp.protocol.FrameCodec;
import com.nexefii.lock.tcp.protocol.FrameSession;
import com.nexefii.lock.tcp.protocol.FrameType;
import com.nexefii.lock.tcp.protocol.Hello;
import com.nexefii.lock.tcp.protocol.HelloAck;
import com.nexefii.lock.tcp.protocol.ProtocolException;
import com.nexefii.lock.tcp.protocol.SessionKeys;

/**
 * One authenticated connection to the controller. The link thread reads; a writer thread drains a
 * bounded queue, so nobody who sends ever blocks on the socket: a controller that stops reading
 * fills the kernel buffer and stalls only the writer, until the heartbeat watchdog closes the
 * socket under it.
 */
final class ControllerSession {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerSession.class);
    static final int SEND_QUEUE_CAPACITY = 1024;

    private record Outgoing(FrameType type, int flags, int correlationId, byte[] payload) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameSession frames;
    private final HelloAck helloAck;
    private final int maxFrameSize;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(SEND_QUEUE_CAPACITY);
    private final AtomicInteger correlationIds = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile String closeReason;
    private Thread writer;

    private ControllerSession(Socket socket, InputStream in, FrameSession frames, HelloAck helloAck, int maxFrameSize)
            throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.frames = frames;
        this.helloAck = helloAck;
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Runs the handshake on a connected socket: HELLO out, authenticated HELLO_ACK in, within the
     * connect timeout. Closes the socket when anything fails.
     */
    static ControllerSession handshake(Socket socket, TcpAdapterOptions options, String gatewayId,
            SecureRandom random) throws IOException {
        try {
            socket.setSoTimeout((int) options.connectTimeout().toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            byte[] sharedKey = options.sharedKey();
            byte[] nonce = SessionKeys.newNonce(random);
            OutputStream raw = socket.getOutputStream();
            raw.write(FrameSession.sealHello(sharedKey, new Hello(nonce, gatewayId,
                    (int) options.heartbeatInterval().toMillis(), options.maxFrameSize())));
            raw.flush();
            FrameCodec.ReceivedFrame received = FrameCodec.read(in, options.maxFrameSize());
            if (received == null) {
                throw new IOException("controller closed the connection during the handshake");
            }
            if (received.frame().type() != FrameType.HELLO_ACK) {
                throw new ProtocolException(ProtocolException.Kind.UNEXPECTED,
                        received.frame().type() + " where HELLO_ACK was expected");
            }
            // the nonce is read before the MAC is checked: the MAC key depends on it
            HelloAck helloAck = HelloAck.decode(received.frame().payload());
            FrameSession frames = FrameSession.forGateway(SessionKeys.derive(sharedKey, nonce, helloAck.nonce()));
            frames.open(received);
            socket.setSoTimeout(0);
            return new ControllerSession(socket, in, frames, helloAck, options.maxFrameSize());
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket, e instanceof ProtocolException);
            throw e;
        }
    }

    HelloAck helloAck() {
        return helloAck;
    }

    SessionKeys keys() {
        return frames.keys();
    }

    void startWriter(String threadName) {
        writer = new Thread(this::writeLoop, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    /** @return a correlation id unique in this session, never 0 (0 marks frames without one) */
    int nextCorrelationId() {
        int id = correlationIds.incrementAndGet();
        return id == 0 ? correlationIds.incrementAndGet() : id;
    }

    /**
     * Queues a frame; never blocks.
     *
     * @return false when the session is closed or its queue is full (the session is then closed)
     */
    boolean send(FrameType type, int flags, int correlationId, byte[] payload) {
        if (closed.get()) {
            return false;
        }
        if (!queue.offer(new Outgoing(type, flags, correlationId, payload))) {
            close("send queue full: the controller is not reading", true);
            return false;
        }
        return true;
    }

    /**
     * Reads the next frame (link thread only).
     *
     * @return the authenticated frame, or {@code null} when the controller closed the connection
     */
    Frame read() throws IOException {
        FrameCodec.ReceivedFrame received = FrameCodec.read(in, maxFrameSize);
        if (received == null) {
            return null;
        }
        Frame frame = frames.open(received);
        lastReceivedNanos = System.nanoTime();
        return frame;
    }

    long nanosSinceLastFrame() {
        return System.nanoTime() - lastReceivedNanos;
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** @return why the session was closed from this side, or {@code null} */
    String closeReason() {
        return closeReason;
    }

    /**
     * Closes the session once; later calls do nothing.
     *
     * @param reset send RST instead of FIN: after a protocol error the peer must not mistake the
     *     close for an orderly one
     */
    void close(String reason, boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        closeQuietly(socket, reset);
        if (writer != null) {
            writer.interrupt();
        }
    }

    private void writeLoop() {
        try {
            while (!closed.get()) {
                Outgoing next = queue.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                out.write(frames.seal(next.type(), next.flags(), next.correlationId(), next.payload()));
                // batch what is already queued into one flush
                while ((next = queue.poll()) != null) {
                    out.write(frames.seal(next.type(), next.flags(), next.correlationId(), next.payload()));
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("write to controller failed", e);
                close("write failed: " + e.getMessage(), false);
            }
        }
    }

    private static void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            LOG.trace("SO_LINGER", e);
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close", e);
        }
    }
}
