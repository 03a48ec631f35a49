package com.nexefii.lock.router;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = LockRouterComponent.PID,
        name = "Nexefii lock router",
        description = "Sends each command to the adapter that owns its lock. Optional: the defaults suit every gateway.")
@interface LockRouterConfig {

    @AttributeDefinition(name = "Wait for a replacement adapter (ms)",
            description = "A command for a lock whose adapter has just left (an adapter bundle being updated, a "
                    + "controller reconfigured) waits this long, within its own deadline, for an adapter owning the "
                    + "lock to come back instead of failing with UNKNOWN_LOCK at once. 0 answers at once.",
            min = "0", max = "60000")
    int replacementWaitMillis() default 3000;
}
