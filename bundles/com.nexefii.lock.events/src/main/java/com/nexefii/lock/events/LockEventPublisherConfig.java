package com.nexefii.lock.events;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = LockEventPublisherComponent.PID,
        name = "Nexefii lock event publisher",
        description = "Identity stamped on every lock event of this gateway and where its sequence counter is kept.")
@interface LockEventPublisherConfig {

    @AttributeDefinition(name = "Property id",
            description = "The hotel (tenant) this gateway serves: lowercase letters, digits and '-', at most 63.")
    String propertyId();

    @AttributeDefinition(name = "Gateway id",
            description = "This gateway's id, unique in the property: lowercase letters, digits and '-', at most 63.")
    String gatewayId();

    @AttributeDefinition(name = "Data directory",
            description = "Directory that keeps the reserved sequence numbers across restarts. Empty: the bundle's own data area.",
            required = false)
    String dataDirectory() default "";

    @AttributeDefinition(name = "Require the durable event store",
            description = "Refuse events while no durable listener (the event store) is bound, so nothing is "
                    + "acknowledged that a power cut could lose. The gateway's shipped configuration sets this; "
                    + "off only for tests and tools without a store.",
            required = false)
    boolean requireDurableListener() default false;

    @AttributeDefinition(name = "Wait for the durable event store (ms)",
            description = "With the store required: how long a publish waits for the store to be bound again "
                    + "before it is refused. Covers an update of the core package, when adapters of other "
                    + "packages report their locks before the new store is up. 0: refuse at once.",
            min = "0", max = "60000", required = false)
    long durableListenerWaitMillis() default 5000;
}
