package com.nexefii.gateway.deploy;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears each step of an install as it happens: the web console shows them, the cloud handler forwards them. */
@FunctionalInterface
@ConsumerType
public interface InstallProgress {

    /** Ignores every step. */
    InstallProgress NONE = (step, detail) -> {
    };

    /**
     * @param step what just happened
     * @param detail for people: versions, the signer, the health problems; never a secret
     */
    void step(InstallStep step, String detail);
}
