package com.nexefii.gateway.deploy;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears the stages of one {@link PackageInstallService} request; the cloud connector reports them as events. */
@FunctionalInterface
@ConsumerType
public interface PackageInstallListener {

    /**
     * @param stage what is happening, or how it ended when {@link PackageInstallStage#terminal()}
     * @param details for people and the cloud: {@code detail} or {@code reason}, {@code previousVersion},
     *     {@code runningVersion}; never a secret (no download signature)
     */
    void stage(PackageInstallStage stage, java.util.Map<String, String> details);
}
