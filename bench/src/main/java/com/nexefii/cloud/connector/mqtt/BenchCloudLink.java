package com.nexefii.cloud.connector.mqtt;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.nexefii.event.store.EventStore;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;

/**
 * BENCHMARK FIXTURE: the cloud connector's link (forwarding from the event store) outside OSGi,
 * for the replay scenario (3). In the connector's package because the link is package-private: the
 * component wires it inside the framework.
 */
public final class BenchCloudLink implements AutoCloseable {

    private final CloudLink link;
    private final ExecutedCommands executed;
    private final CloudConnectorOptions options;

    /**
     * Starts forwarding {@code store} to the broker as gateway {@code gatewayId} of {@code propertyId}.
     *
     * @param inFlightWindow the connector's {@code inFlightWindow}
     */
    public BenchCloudLink(String brokerUrl, Path keystore, Path truststore, String password, String propertyId,
            String gatewayId, EventStore store, int inFlightWindow, Path dataDirectory) throws Exception {
        Files.createDirectories(dataDirectory);
        options = new CloudConnectorOptions(URI.create(brokerUrl), "", keystore, password,
                truststore, password, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofSeconds(5), inFlightWindow, Duration.ofHours(1), 1000, Duration.ofMinutes(10),
                16 * 1024 * 1024, dataDirectory);
        executed = new ExecutedCommands(dataDirectory.resolve("executed"), Duration.ofMinutes(10), Clock.systemUTC());
        NoLocks router = new NoLocks();
        link = new CloudLink(options, propertyId, gatewayId, store, router, new DroppingPublisher(propertyId,
                gatewayId), () -> null, Map::of, MutualTls.socketFactory(options), executed, Clock.systemUTC());
        link.start();
    }

    /** The MQTT payload the connector sends for this event: the baseline sends the same bytes. */
    public static byte[] payload(LockEvent event) {
        return Payloads.event(event);
    }

    public boolean connected() {
        return link.connected();
    }

    /** @return times the unacknowledged events were sent again because evt/ack did not come in time */
    public long resentAfterTimeout() {
        return link.counters().getOrDefault(CloudLink.EVENTS_RESENT_AFTER_TIMEOUT, 0L);
    }

    /** @return the connector's {@code cloudAckWindow} (its default) */
    public int cloudAckWindow() {
        return options.cloudAckWindow();
    }

    @Override
    public void close() throws Exception {
        link.stop();
        executed.close();
    }

    /** The replay needs no locks: commands are refused. */
    private static final class NoLocks implements LockRouter {
        @Override
        public CompletionStage<LockResult> execute(LockCommand command) {
            return CompletableFuture.failedFuture(new IllegalStateException("no locks in the replay benchmark"));
        }

        @Override
        public java.util.Collection<LockInfo> locks() {
            return List.of();
        }
    }

    private record DroppingPublisher(String propertyId, String gatewayId) implements LockEventPublisher {
        @Override
        public LockEvent publish(String lockId, LockEventType type, Map<String, String> attributes) {
            return new LockEvent(java.util.UUID.randomUUID().toString(), propertyId, gatewayId, lockId, 0,
                    java.time.Instant.now(), type, attributes);
        }
    }
}
