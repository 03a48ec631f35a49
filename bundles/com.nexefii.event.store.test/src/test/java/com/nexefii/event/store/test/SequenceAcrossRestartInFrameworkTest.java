package com.nexefii.event.store.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.util.tracker.ServiceTracker;

import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * The publisher and the store restarted (their bundles stopped and started, state on disk): the
 * next sequence number follows the last stored one, so the cloud sees no gap. Configured as the
 * gateway ships: no event is accepted while the store is not bound.
 */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-t"),
        @Property(key = "gatewayId", value = "gw-t"),
        @Property(key = "requireDurableListener", value = "true", type = Property.Type.Scalar,
                scalar = Property.Scalar.Boolean) })
@WithConfiguration(pid = "com.nexefii.event.store", location = "?", properties = {
        @Property(key = "durabilityMode", value = "GROUP_COMMIT") })
class SequenceAcrossRestartInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void givenStoredEvents_whenThePublisherAndTheStoreRestart_thenTheNextSequenceFollowsTheLastStoredOne(
            @InjectService(timeout = 20_000) EventStore store,
            @InjectService(timeout = 20_000) LockEventPublisher publisher) throws Exception {
        await().atMost(EventStoreInFrameworkTest.WAIT).ignoreExceptions()
                .until(() -> publisher.publish("st-001", LockEventType.LOCKED, Map.of()) != null);
        LockEvent before = publisher.publish("st-001", LockEventType.UNLOCKED, Map.of("method", "pin"));

        Bundle publisherBundle = bundle("com.nexefii.lock.events");
        Bundle storeBundle = bundle("com.nexefii.event.store");
        storeBundle.stop();
        publisherBundle.stop();
        // the publisher first: it comes up before the store and must wait for it to number events
        publisherBundle.start();
        storeBundle.start();

        LockEvent after = publishOnceAccepted();
        ServiceTracker<EventStore, EventStore> stores = new ServiceTracker<>(context, EventStore.class, null);
        stores.open();
        try {
            EventStore restarted = stores.waitForService(20_000);
            List<Long> sequences = restarted.readFrom(restarted.acknowledgedUpTo(), 100_000).stream()
                    .map(StoredEvent::event).map(LockEvent::sequence).filter(s -> s > before.sequence()).toList();

            assertThat(sequences).contains(after.sequence()).first().isEqualTo(before.sequence() + 1);
            assertThat(sequences).as("contiguous").containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(before.sequence() + 1, sequences.get(sequences.size() - 1))
                            .boxed().toList());
        } finally {
            stores.close();
        }
    }

    private LockEvent publishOnceAccepted() {
        ServiceTracker<LockEventPublisher, LockEventPublisher> publishers = new ServiceTracker<>(context,
                LockEventPublisher.class, null);
        publishers.open();
        try {
            return await().atMost(EventStoreInFrameworkTest.WAIT).ignoreExceptions().until(() -> {
                LockEventPublisher current = publishers.getService();
                return current == null ? null : current.publish("st-002", LockEventType.LOCKED, Map.of());
            }, e -> e != null);
        } finally {
            publishers.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }
}
