package com.nexefii.gateway.deploy.locks;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = LockSelfTest.PID,
        name = "Nexefii lock self-test after updates",
        description = "After a package with lock adapters is installed or updated, each of its adapters must answer"
                + " a state query for one lock before the new version is kept.")
@interface LockSelfTestConfig {

    @AttributeDefinition(name = "Self-test locks",
            description = "Lock ids to query, one per adapter at most (a lock near the gateway, or a simulated one)."
                    + " An adapter that owns none of them is tested on its first lock by id.",
            required = false)
    String[] selfTestLockIds() default {};

    @AttributeDefinition(name = "Command timeout (s)", description = "Deadline of one self-test command, 1 to 120.",
            min = "1", max = "120")
    int commandTimeoutSeconds() default 10;
}
