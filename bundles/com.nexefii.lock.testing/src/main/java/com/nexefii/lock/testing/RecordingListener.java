package com.nexefii.lock.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventType;

/**
 * A whiteboard {@link LockEventListener} for one in-framework test: registers itself, remembers
 * every event the real publisher delivers, and waits for the one a test expects.
 */
public final class RecordingListener implements LockEventListener, AutoCloseable {

    /** Long enough for a sleepy ZigBee lock on a loaded CI machine; a passing test never waits it out. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<LockEventListener> registration;

    public RecordingListener(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("test", "recording");
        registration = context.registerService(LockEventListener.class, this, properties);
    }

    @Override
    public void onEvent(LockEvent event) {
        events.add(event);
    }

    public List<LockEvent> all() {
        return List.copyOf(events);
    }

    public List<LockEvent> of(String lockId) {
        return events.stream().filter(e -> lockId.equals(e.lockId())).toList();
    }

    public List<LockEvent> of(String lockId, LockEventType type) {
        return events.stream().filter(e -> e.type() == type && lockId.equals(e.lockId())).toList();
    }

    public List<LockEvent> ofType(LockEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    public List<LockEvent> results() {
        return ofType(LockEventType.COMMAND_RESULT);
    }

    public List<LockEvent> resultsOf(String commandId) {
        return results().stream().filter(e -> commandId.equals(e.attributes().get("commandId"))).toList();
    }

    /** The first event matching, waiting up to {@link #WAIT} for it. */
    public LockEvent awaitEvent(Predicate<LockEvent> match) {
        return await().atMost(WAIT).until(() -> events.stream().filter(match).findFirst().orElse(null),
                Objects::nonNull);
    }

    public LockEvent awaitEvent(String lockId, LockEventType type, Predicate<LockEvent> match) {
        return awaitEvent(e -> e.type() == type && lockId.equals(e.lockId()) && match.test(e));
    }

    public LockEvent awaitEvent(String lockId, LockEventType type) {
        return awaitEvent(lockId, type, e -> true);
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework or the test already took it down
        }
    }
}
