package com.nexefii.lock.events;

import java.lang.annotation.Annotation;

/** Stands in for the annotation instance SCR builds from ConfigAdmin properties. */
record TestConfig(String propertyId, String gatewayId, String dataDirectory, boolean requireDurableListener,
        long durableListenerWaitMillis) implements LockEventPublisherConfig {

    TestConfig(String propertyId, String gatewayId, String dataDirectory) {
        this(propertyId, gatewayId, dataDirectory, false, 0);
    }

    TestConfig(String propertyId, String gatewayId, String dataDirectory, boolean requireDurableListener) {
        this(propertyId, gatewayId, dataDirectory, requireDurableListener, 0);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return LockEventPublisherConfig.class;
    }
}
