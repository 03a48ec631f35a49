package com.nexefii.gateway.deploy;

import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.framework.Bundle;

/**
 * Whiteboard: a health check the gate runs after every install or update, besides its own
 * bundle and component checks. The lock side registers one that sends a self-test command to a lock
 * of every adapter the package brings.
 *
 * <p>A check registered before an install must be registered again after it (the update must not
 * lose it); a check may disappear for a moment while the package that provides it is updated.
 */
@ConsumerType
public interface PackageHealthCheck {

    /** Service property: the check's name, unique on the gateway, shown in health problems. */
    String NAME = "nexefii.health.check";

    /**
     * Called repeatedly within the health window until it reports no problem. Must answer within a
     * few seconds and must not throw (a thrown exception counts as a problem).
     *
     * @param packageName the package just installed
     * @param bundles its bundles
     * @return problems for people, empty when the package is healthy as far as this check can tell
     */
    List<String> check(String packageName, Collection<Bundle> bundles);
}
