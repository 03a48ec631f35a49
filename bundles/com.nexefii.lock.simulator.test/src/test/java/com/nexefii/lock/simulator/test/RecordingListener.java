package com.nexefii.lock.simulator.test;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventType;

/** A whiteboard listener for the duration of one test: registers itself, remembers every event. */
final class RecordingListener implements LockEventListener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<LockEventListener> registration;

    RecordingListener(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("test", "recording");
        registration = context.registerService(LockEventListener.class, this, properties);
    }

    @Override
    public void onEvent(LockEvent event) {
        events.add(event);
    }

    List<LockEvent> all() {
        return List.copyOf(events);
    }

    List<LockEvent> of(String lockId) {
        return events.stream().filter(e -> lockId.equals(e.lockId())).toList();
    }

    List<LockEvent> results() {
        return events.stream().filter(e -> e.type() == LockEventType.COMMAND_RESULT).toList();
    }

    LockEvent awaitEvent(Predicate<LockEvent> match) {
        return await().atMost(WAIT).until(() -> events.stream().filter(match).findFirst().orElse(null),
                e -> e != null);
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
