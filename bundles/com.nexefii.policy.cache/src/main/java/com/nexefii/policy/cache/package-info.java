/**
 * Offline access decisions of a Nexefii gateway.
 *
 * <p>The {@link com.nexefii.policy.cache.PolicyCache} service holds what the gateway needs to
 * decide who may open which door without the cloud: grants, staff zones, revoked credentials,
 * lockdown state and the cloud's credential-signing keys. The cloud connector feeds it the
 * {@code policy} channel's snapshots and deltas ({@link
 * com.nexefii.policy.cache.PolicyCache#apply(byte[])}); the local API and lock adapters ask it for
 * {@link com.nexefii.policy.cache.Decision}s. Anything the policy does not allow is denied, and every
 * decision is audited as an {@code ACCESS_GRANTED} or {@code ACCESS_DENIED} lock event.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.policy.cache;
