package com.nexefii.edge.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.event.store.EventStore;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * Publishes events from {@code crash.flood.threads} threads as fast as the publisher accepts them
 * until the JVM dies, and prints {@code ACK <seq> <eventId>} on standard output after each publish
 * returned. Output goes through the page cache to a pipe: a kill -9 cannot lose a line the parent
 * already read.
 */
@Component(immediate = true)
public class EventFlood {

    @Reference
    LockEventPublisher publisher;

    /*
     * Gates only: start flooding once the configured store and the connector are up. The publisher
     * accepts events before a durable listener is bound (com.nexefii.lock.events), and such events
     * would not count as acknowledged by the store.
     */
    @Reference
    EventStore store;

    @Reference
    CloudConnectorStatus connector;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    @Activate
    void activate() {
        int count = Integer.getInteger("crash.flood.threads", 0);
        for (int t = 0; t < count; t++) {
            int id = t;
            Thread thread = new Thread(() -> flood(id), "flood-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        System.out.println("FLOOD " + count);
        System.out.flush();
    }

    private void flood(int thread) {
        long n = 0;
        while (running) {
            LockEventType type = n % 10 == 0 ? LockEventType.ACCESS_DENIED : LockEventType.UNLOCKED;
            try {
                LockEvent e = publisher.publish("sim-a-" + (1 + thread % 5), type,
                        Map.of("credentialId", "flood-" + thread + "-" + n, "method", "pin"));
                System.out.println("ACK " + e.sequence() + " " + e.eventId());
            } catch (RuntimeException ex) {
                System.out.println("NACK " + ex);
            }
            n++;
        }
    }

    @Deactivate
    void deactivate() {
        running = false;
    }
}
