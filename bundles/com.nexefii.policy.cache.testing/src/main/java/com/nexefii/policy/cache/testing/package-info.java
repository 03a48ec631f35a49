/**
 * The cloud's side of the policy contract, played by the tests of the bundles that decide offline:
 * {@link com.nexefii.policy.cache.testing.CloudIssuer} issues mobile keys and policy messages with a
 * key generated per run.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.policy.cache.testing;
