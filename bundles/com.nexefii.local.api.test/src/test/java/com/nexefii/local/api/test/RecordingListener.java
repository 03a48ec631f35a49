package com.nexefii.local.api.test;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;

/** A whiteboard listener for one test: remembers every event the real publisher delivers. */
final class RecordingListener implements LockEventListener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<LockEventListener> registration;

    RecordingListener(BundleContext context) {
        registration = context.registerService(LockEventListener.class, this, new Hashtable<>());
    }

    @Override
    public void onEvent(LockEvent event) {
        events.add(event);
    }

    LockEvent awaitEvent(Predicate<LockEvent> match) {
        return await().atMost(WAIT).until(() -> events.stream().filter(match).findFirst().orElse(null),
                e -> e != null);
    }

    List<LockEvent> all() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework already took it down
        }
    }
}
