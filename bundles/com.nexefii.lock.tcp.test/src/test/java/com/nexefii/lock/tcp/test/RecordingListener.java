package com.nexefii.lock.tcp.test;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventType;

/** A whiteboard listener for the duration of one test: registers itself, remembers every event. */
final class RecordingListener implements LockEventListener, AutoCloseable {

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<LockEventListener> registration;

    RecordingListener(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("test", "tcp-recording");
        registration = context.registerService(LockEventListener.class, this, properties);
    }

    @Override
    public void onEvent(LockEvent event) {
        events.add(event);
    }

    List<LockEvent> all() {
        return List.copyOf(events);
    }

    List<LockEvent> of(String lockId, LockEventType type) {
        return events.stream().filter(e -> e.type() == type && lockId.equals(e.lockId())).toList();
    }

    List<LockEvent> ofType(LockEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    List<LockEvent> resultsOf(String commandId) {
        return events.stream().filter(e -> e.type() == LockEventType.COMMAND_RESULT
                && commandId.equals(e.attributes().get("commandId"))).toList();
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
