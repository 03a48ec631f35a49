package com.nexefii.gateway.deploy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = ConfigurationSnapshotsComponent.PID,
        name = "Nexefii configuration snapshots",
        description = "How many configuration snapshots the gateway keeps and which configurations a restore leaves"
                + " alone.")
@interface ConfigurationSnapshotsConfig {

    @AttributeDefinition(name = "Kept snapshots", description = "1 to 100; the oldest goes first.", min = "1",
            max = "100")
    int keptSnapshots() default 10;

    @AttributeDefinition(name = "Excluded PIDs",
            description = "PIDs or factory PIDs a restore never changes or deletes: the web console password, the"
                    + " package installer's trusted certificates (a restore must not trust a retired key again).",
            required = false)
    String[] excludedPids() default { "org.apache.felix.webconsole.internal.servlet.OsgiManager",
        PackageInstallerComponent.PID, ConfigurationSnapshotsComponent.PID };
}
