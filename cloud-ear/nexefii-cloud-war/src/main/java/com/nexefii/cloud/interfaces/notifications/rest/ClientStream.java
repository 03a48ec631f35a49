package com.nexefii.cloud.interfaces.notifications.rest;

import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream, written without ever blocking the caller: frames wait in a bounded
 * queue and go out only while the connection {@linkplain Output#isReady() can take them}; the
 * container calls {@link #writable()} when it can again. So the notification pump, which offers
 * each event to every stream, is never held up by a slow phone.
 *
 * <ul>
 * <li><b>Catching up</b> (after opening, or resuming with Last-Event-ID): pages are read from the
 * table one at a time, the next only when the queue is empty, so a long backlog never sits in memory.
 * Live events offered meanwhile are not queued; they are in the table, and one more page is read
 * before going live, so none falls between the two.</li>
 * <li><b>Live</b>: offered events are queued in id order, up to a number of bytes. A client whose queue is full has fallen
 * behind: it is disconnected and comes back with Last-Event-ID; the table replays what it missed.</li>
 * <li><b>Byte budget</b>: a connection ends after {@code maxConnectionBytes} written (the client resumes
 * with Last-Event-ID). Containers buffer writes of their own in front of the socket (Payara's Grizzly
 * accepts megabytes before it reports a connection not ready), so this is what bounds the memory a
 * client that stopped reading can hold, whatever the container does.</li>
 * </ul>
 */
final class ClientStream {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);
    static final String BUDGET_SPENT = "byte budget of the connection spent";

    /** The non-blocking side of the HTTP response. */
    interface Output {
        /** Whether a write now would not block; when false, {@link ClientStream#writable()} follows later. */
        boolean isReady();

        void write(byte[] frame) throws IOException;

        void flush() throws IOException;

        /** Ends the response; may take a while, so it is never called on the pump's thread. */
        void close();
    }

    private enum State { CATCHING_UP, LIVE, CLOSED }

    final PropertyId propertyId;
    final String user;
    final Set<Audience> audiences;
    final Instant expiresAt;
    final Instant openedAt;
    private final Output output;
    private final int maxQueuedBytes;
    private final long maxConnectionBytes;
    private long written;
    private final int page;
    private final LongFunction<List<Notification>> table;
    private final Executor executor;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private State state = State.CATCHING_UP;
    private long lastQueued = -1;
    private boolean started;
    private boolean waitingForWritable;
    private boolean reading;
    private boolean morePages;
    private boolean missedLive;
    private String closeReason;

    /**
     * @param table    notifications of this client after an id, oldest first, at most {@code page}
     * @param executor runs table reads and closing, off the threads that offer events
     */
    ClientStream(PropertyId propertyId, String user, Set<Audience> audiences, Instant expiresAt, Instant openedAt,
            Output output, int maxQueuedBytes, long maxConnectionBytes, int page, LongFunction<List<Notification>> table,
            Executor executor) {
        if (maxQueuedBytes < 1 || maxConnectionBytes < 1 || page < 1) {
            throw new IllegalArgumentException("queue bound and page size must be positive");
        }
        this.propertyId = propertyId;
        this.user = user;
        this.audiences = audiences;
        this.expiresAt = expiresAt;
        this.openedAt = openedAt;
        this.output = output;
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxConnectionBytes = maxConnectionBytes;
        this.page = page;
        this.table = table;
        this.executor = executor;
    }

    /** Sends {@code ready} with the resume point, then everything after it: from the table, then live. */
    synchronized void start(long resumeFrom) {
        if (state == State.CLOSED) {
            return;
        }
        started = true;
        lastQueued = resumeFrom;
        add(frame(Long.toString(resumeFrom), "ready", "{\"kind\":\"ready\",\"id\":" + resumeFrom + "}", true));
        readNextPage();
        drain();
    }

    /** A committed, numbered notification for this client's audiences; never blocks. */
    synchronized void offer(Notification n) {
        if (state == State.CLOSED || n.id() == null) {
            return;
        }
        if (state == State.CATCHING_UP) {
            missedLive = true;
            return;
        }
        if (n.id() <= lastQueued) {
            return;
        }
        byte[] frame = frame(n);
        if (queuedBytes + frame.length > maxQueuedBytes) {
            close("fell behind (" + queue.size() + " events, " + queuedBytes + " bytes waiting)");
            return;
        }
        add(frame);
        lastQueued = n.id();
        drain();
    }

    /** Keep-alive comment (also how a vanished client is noticed), or the end when the token expired. */
    synchronized void heartbeat(Instant now) {
        if (!now.isBefore(expiresAt)) {
            close("token expired");
            return;
        }
        if (state != State.CLOSED && started && queue.isEmpty()) {
            add(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            drain();
        }
    }

    /** The container can take more bytes. */
    synchronized void writable() {
        waitingForWritable = false;
        drain();
    }

    synchronized boolean closed() {
        return state == State.CLOSED;
    }

    /** Why the stream was closed by the server, or null. */
    synchronized String closeReason() {
        return closeReason;
    }

    /** Events waiting to be written. */
    synchronized int queued() {
        return queue.size();
    }

    /** The connection is gone (client left, write failed, container ended it). */
    void disconnected() {
        close("disconnected");
    }

    void close(String reason) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            closeReason = reason;
            queue.clear();
            queuedBytes = 0;
        }
        if (BUDGET_SPENT.equals(reason)) {
            LOG.debug("Notification stream of {} in {} closed: {}", user, propertyId, reason);
        } else if (!"disconnected".equals(reason)) {
            LOG.info("Notification stream of {} in {} closed: {}", user, propertyId, reason);
        }
        executor.execute(output::close);
    }

    private void readNextPage() {
        if (reading || state != State.CATCHING_UP) {
            return;
        }
        reading = true;
        missedLive = false;
        long after = lastQueued;
        executor.execute(() -> {
            List<Notification> found;
            try {
                found = table.apply(after);
            } catch (RuntimeException e) {
                LOG.warn("Replaying notifications of {} in {} failed: {}", user, propertyId, e.toString());
                close("replay failed");
                return;
            }
            pageRead(found);
        });
    }

    private synchronized void pageRead(List<Notification> found) {
        reading = false;
        if (state == State.CLOSED) {
            return;
        }
        for (Notification n : found) {
            if (n.id() != null && n.id() > lastQueued) {
                // unbounded here: a page is small, and the next is read only once the queue is empty
                add(frame(n));
                lastQueued = n.id();
            }
        }
        morePages = found.size() >= page;
        if (!morePages && !missedLive) {
            state = State.LIVE;
        } else if (!morePages) {
            // something was published while this page was read: read once more before going live
            readNextPage();
        }
        drain();
    }

    private void add(byte[] frame) {
        queue.add(frame);
        queuedBytes += frame.length;
    }

    private static byte[] frame(Notification n) {
        String payload = n.payload();
        String data = "{\"id\":" + n.id() + (payload.length() > 2 ? "," + payload.substring(1) : "}");
        return frame(Long.toString(n.id()), n.kind(), data, false);
    }

    private void drain() {
        if (state == State.CLOSED || waitingForWritable) {
            return;
        }
        try {
            while (!queue.isEmpty()) {
                if (!output.isReady()) {
                    waitingForWritable = true;
                    return;
                }
                byte[] frame = queue.peek();
                if (written > 0 && written + frame.length > maxConnectionBytes) {
                    close(BUDGET_SPENT);
                    return;
                }
                queue.poll();
                queuedBytes -= frame.length;
                written += frame.length;
                output.write(frame);
            }
            if (!output.isReady()) {
                waitingForWritable = true;
                return;
            }
            output.flush();
        } catch (IOException | RuntimeException e) {
            close("disconnected");
            return;
        }
        if (state == State.CATCHING_UP && morePages && queue.isEmpty()) {
            morePages = false;
            readNextPage();
        }
    }

    /** One event in text/event-stream framing (multi-line data split into data lines). */
    static byte[] frame(String id, String event, String data, boolean withRetry) {
        StringBuilder b = new StringBuilder(data.length() + 64);
        if (withRetry) {
            b.append("retry: 2000\n");
        }
        b.append("id: ").append(id).append('\n');
        b.append("event: ").append(event).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        b.append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
