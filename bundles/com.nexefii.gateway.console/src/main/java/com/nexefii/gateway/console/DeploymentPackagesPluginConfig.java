package com.nexefii.gateway.console;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = DeploymentPackagesPlugin.PID,
        name = "Nexefii deployment packages page",
        description = "The web console page where technicians install, update and uninstall deployment packages (.dp).")
@interface DeploymentPackagesPluginConfig {

    @AttributeDefinition(name = "Upload limit (MB)",
            description = "Largest .dp file the page accepts, 1 to 1024; larger uploads are refused before they"
                    + " reach Deployment Admin.",
            min = "1", max = "1024")
    int maxUploadMegabytes() default 64;
}
