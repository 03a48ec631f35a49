package com.nexefii.lock.ble;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.ble.SecureFrame.InvalidFrameException;

/**
 * The gateway side of one lock's authenticated session. Commands to the same lock run one at a
 * time (a BLE lock serves one request at a time); the link is opened on demand and closed when idle.
 */
final class BleLockSession {

    private static final Logger LOG = LoggerFactory.getLogger(BleLockSession.class);

    /** The link dropped or could not be opened; worth retrying while the deadline allows. */
    static final class LinkLostException extends Exception {
        private static final long serialVersionUID = 1L;

        LinkLostException(String message) {
            super(message);
        }
    }

    private final String lockId;
    private final String address;
    private final byte[] key;
    private final GattTransport transport;
    private final BleAdapterOptions options;
    private final ScheduledExecutorService timers;
    private final BiConsumer<String, SecureFrame> onEvent;
    private final ReentrantLock commandLock = new ReentrantLock(true);
    private final AtomicLong rejectedFrames = new AtomicLong();

    // guarded by this
    private GattTransport.Connection connection;
    private CompletableFuture<byte[]> hello;
    private byte[] nonce;
    private long sendCounter;
    private long receiveCounter;
    private final Map<Long, CompletableFuture<ByteBuffer>> pending = new HashMap<>();
    private ScheduledFuture<?> idleClose;
    private boolean closed;
    /** Which link the callbacks belong to: a late callback from a dropped link must not touch its successor. */
    private long linkEpoch;

    BleLockSession(String lockId, String address, byte[] key, GattTransport transport, BleAdapterOptions options,
            ScheduledExecutorService timers, BiConsumer<String, SecureFrame> onEvent) {
        this.lockId = lockId;
        this.address = address;
        this.key = key;
        this.transport = transport;
        this.options = options;
        this.timers = timers;
        this.onEvent = onEvent;
    }

    long rejectedFrames() {
        return rejectedFrames.get();
    }

    /**
     * Runs a command to completion on the calling (worker) thread. Outcome TIMEOUT when the deadline
     * passes, UNREACHABLE when the link cannot be kept up within the allowed retries.
     */
    LockResult execute(LockCommand command) throws InterruptedException {
        Duration waitForTurn = command.remaining();
        if (!commandLock.tryLock(waitForTurn.toMillis(), TimeUnit.MILLISECONDS)) {
            return LockResult.failed(command, Outcome.TIMEOUT, "lock busy with earlier commands until the deadline");
        }
        try {
            String lastFailure = "no attempt made";
            for (int attempt = 0; attempt <= options.retries(); attempt++) {
                if (command.expired()) {
                    return LockResult.failed(command, Outcome.TIMEOUT, "deadline passed: " + lastFailure);
                }
                try {
                    return attempt(command);
                } catch (TimeoutException e) {
                    return LockResult.failed(command, Outcome.TIMEOUT, "no answer before the deadline; lock state unknown");
                } catch (LinkLostException e) {
                    lastFailure = e.getMessage();
                    LOG.debug("Lock {}: attempt {} failed: {}", lockId, attempt + 1, lastFailure);
                }
            }
            return command.expired()
                    ? LockResult.failed(command, Outcome.TIMEOUT, "deadline passed: " + lastFailure)
                    : LockResult.failed(command, Outcome.UNREACHABLE, lastFailure);
        } finally {
            commandLock.unlock();
            scheduleIdleClose();
        }
    }

    private LockResult attempt(LockCommand command) throws InterruptedException, TimeoutException, LinkLostException {
        GattTransport.Connection link = connect(command);
        CompletableFuture<ByteBuffer> response = new CompletableFuture<>();
        byte[] frame;
        synchronized (this) {
            long counter = ++sendCounter;
            pending.put(counter, response);
            frame = new SecureFrame(BleOpcodes.opcode(command.type()), counter, payload(command)).encode(key, nonce,
                    SecureFrame.FROM_GATEWAY);
        }
        await(link.write(frame).toCompletableFuture(), command);
        ByteBuffer answer = await(response, command);
        answer.getInt();
        int status = answer.get() & 0xFF;
        LockState state = new LockState(lockId, BleOpcodes.bolt(answer.get() & 0xFF),
                BleOpcodes.door(answer.get() & 0xFF), answer.get() != 0, battery(answer.get() & 0xFF), true);
        Outcome outcome = BleOpcodes.outcome(status);
        return outcome.succeeded() ? LockResult.ok(command, state)
                : new LockResult(command.commandId(), lockId, outcome, state, BleOpcodes.statusText(status),
                        java.time.Instant.now());
    }

    private static int battery(int raw) {
        return raw > 100 ? -1 : raw;
    }

    private GattTransport.Connection connect(LockCommand command)
            throws InterruptedException, TimeoutException, LinkLostException {
        CompletableFuture<byte[]> helloFuture;
        long epoch;
        synchronized (this) {
            if (closed) {
                throw new LinkLostException("adapter stopped");
            }
            if (idleClose != null) {
                idleClose.cancel(false);
            }
            if (connection != null && connection.isOpen() && nonce != null) {
                return connection;
            }
            hello = new CompletableFuture<>();
            helloFuture = hello;
            epoch = ++linkEpoch;
            connection = null;
            nonce = null;
        }
        Duration timeout = Duration.ofMillis(Math.min(options.connectTimeoutMs(), command.remaining().toMillis()));
        GattTransport.Connection link = await(transport.connect(address, timeout, frame -> onFrame(epoch, frame),
                () -> onDisconnected(epoch)).toCompletableFuture(), command);
        synchronized (this) {
            connection = link;
        }
        await(helloFuture, command);
        return link;
    }

    private <T> T await(CompletableFuture<T> future, LockCommand command)
            throws InterruptedException, TimeoutException, LinkLostException {
        try {
            return future.get(Math.max(1, command.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException && !command.expired()) {
                throw new LinkLostException("connection setup failed: " + cause.getMessage());
            }
            throw new LinkLostException(cause == null ? "link failed" : cause.getMessage());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw e;
        }
    }

    private static byte[] payload(LockCommand command) {
        if (command.type() == CommandType.UNLOCK) {
            int seconds = command.relockAfter() == null ? 0 : (int) Math.min(65535, command.relockAfter().toSeconds());
            return ByteBuffer.allocate(2).putShort((short) seconds).array();
        }
        if (command.type() == CommandType.SET_CREDENTIAL || command.type() == CommandType.CLEAR_CREDENTIAL) {
            Credential credential = command.credential();
            byte[] id = credential.id().getBytes(StandardCharsets.UTF_8);
            byte[] secret = command.type() == CommandType.SET_CREDENTIAL && credential.secret() != null
                    ? credential.secret().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (id.length > 100 || secret.length > 100) {
                throw new IllegalArgumentException("credential id or secret longer than 100 bytes");
            }
            return ByteBuffer.allocate(3 + id.length + secret.length).put((byte) credential.type().ordinal())
                    .put((byte) id.length).put(id).put((byte) secret.length).put(secret).array();
        }
        return new byte[0];
    }

    /** Every notification from the lock: HELLO, responses and events. Runs on a transport thread. */
    private void onFrame(long epoch, byte[] frame) {
        synchronized (this) {
            if (epoch != linkEpoch) {
                return;
            }
        }
        if (frame.length >= 2 && (frame[1] & 0xFF) == SecureFrame.HELLO) {
            try {
                byte[] n = SecureFrame.helloNonce(frame);
                synchronized (this) {
                    nonce = n;
                    sendCounter = 0;
                    receiveCounter = 0;
                    if (hello != null) {
                        hello.complete(n);
                    }
                }
            } catch (InvalidFrameException e) {
                reject(e);
            }
            return;
        }
        SecureFrame decoded;
        CompletableFuture<ByteBuffer> waiting = null;
        synchronized (this) {
            if (nonce == null) {
                rejectedFrames.incrementAndGet();
                return;
            }
            try {
                decoded = SecureFrame.decode(frame, key, nonce, SecureFrame.FROM_LOCK, receiveCounter);
            } catch (InvalidFrameException e) {
                reject(e);
                return;
            }
            receiveCounter = decoded.counter();
            if ((decoded.opcode() & SecureFrame.RESPONSE) != 0 && decoded.payload().length >= 9) {
                long requestCounter = ByteBuffer.wrap(decoded.payload()).getInt() & 0xFFFF_FFFFL;
                waiting = pending.remove(requestCounter);
            }
        }
        if (waiting != null) {
            waiting.complete(ByteBuffer.wrap(decoded.payload()));
        } else if (decoded.opcode() == SecureFrame.EVENT) {
            onEvent.accept(lockId, decoded);
        }
    }

    private void reject(InvalidFrameException e) {
        rejectedFrames.incrementAndGet();
        LOG.warn("Lock {}: rejected a frame from {}: {}", lockId, address, e.getMessage());
    }

    private void onDisconnected(long epoch) {
        synchronized (this) {
            if (epoch != linkEpoch) {
                return;
            }
        }
        dropLink();
    }

    private void dropLink() {
        Map<Long, CompletableFuture<ByteBuffer>> lost;
        synchronized (this) {
            connection = null;
            nonce = null;
            if (hello != null && !hello.isDone()) {
                hello.completeExceptionally(new IllegalStateException("link dropped during setup"));
            }
            lost = new HashMap<>(pending);
            pending.clear();
        }
        lost.values().forEach(f -> f.completeExceptionally(new IllegalStateException("link dropped")));
    }

    private synchronized void scheduleIdleClose() {
        if (closed || connection == null) {
            return;
        }
        GattTransport.Connection link = connection;
        idleClose = timers.schedule(() -> {
            if (!commandLock.isLocked()) {
                link.close();
            }
        }, options.idleDisconnectMs(), TimeUnit.MILLISECONDS);
    }

    void close() {
        GattTransport.Connection link;
        synchronized (this) {
            closed = true;
            link = connection;
        }
        if (link != null) {
            link.close();
        }
        dropLink();
    }
}
