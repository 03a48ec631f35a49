package com.nexefii.lock.events;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.Constants;

import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventPublisher;

/**
 * BENCHMARK FIXTURE: the gateway's lock event publisher outside OSGi, with listeners bound the way
 * SCR binds them, for scenario 2's publisher path. In the publisher's package because its activation
 * and binding methods are package-private: inside the framework SCR calls them.
 */
public final class BenchPublisher implements AutoCloseable {

    private final LockEventPublisherComponent publisher = new LockEventPublisherComponent();
    private long nextServiceId = 1;

    /** @param sequenceDirectory where the publisher keeps its reserved sequence numbers */
    public BenchPublisher(Path sequenceDirectory) throws Exception {
        publisher.activateWith(new Config(sequenceDirectory.toString()), null);
    }

    /** Binds the durable event store, as the gateway does (highest ranking, durable). */
    public BenchPublisher withDurable(LockEventListener store) {
        publisher.addListener(store, Map.of(Constants.SERVICE_ID, nextServiceId++, Constants.SERVICE_RANKING,
                Integer.MAX_VALUE, LockEventListener.DURABLE, Boolean.TRUE));
        return this;
    }

    /** Binds an ordinary listener (metrics, local API), heard after durability in sequence order. */
    public BenchPublisher withListener(LockEventListener listener) {
        publisher.addListener(listener, Map.of(Constants.SERVICE_ID, nextServiceId++, Constants.SERVICE_RANKING, 0,
                LockEventListener.DURABLE, Boolean.FALSE));
        return this;
    }

    public LockEventPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        publisher.deactivate();
    }

    private record Config(String dataDirectory) implements LockEventPublisherConfig {

        @Override
        public String propertyId() {
            return "hotel-a";
        }

        @Override
        public String gatewayId() {
            return "gw-a1";
        }

        @Override
        public boolean requireDurableListener() {
            return true;
        }

        @Override
        public long durableListenerWaitMillis() {
            return 0;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return LockEventPublisherConfig.class;
        }
    }
}
