package com.nexefii.lock.zigbee.test;

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

    static final Duration WAIT = Duration.ofSeconds(20);

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<LockEventListener> registration;

    RecordingListener(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("test", "zigbee-recording");
        registration = context.registerService(LockEventListener.class, this, properties);
    }

    @Override
    public void onEvent(LockEvent event) {
        events.add(event);
    }

    List<LockEvent> of(String lockId, LockEventType type) {
        return events.stream().filter(e -> lockId.equals(e.lockId()) && e.type() == type).toList();
    }

    List<LockEvent> results() {
        return events.stream().filter(e -> e.type() == LockEventType.COMMAND_RESULT).toList();
    }

    LockEvent awaitEvent(String lockId, LockEventType type, Predicate<LockEvent> match) {
        return await().atMost(WAIT).until(() -> of(lockId, type).stream().filter(match).findFirst().orElse(null),
                e -> e != null);
    }

    LockEvent awaitEvent(String lockId, LockEventType type) {
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
