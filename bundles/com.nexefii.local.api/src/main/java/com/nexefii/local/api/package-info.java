/**
 * The gateway's local unlock API: HTTPS on the property network for staff devices and guests'
 * mobile keys, so a door opens in milliseconds and keeps opening when the internet is down.
 *
 * <p>Request path: per-address rate limit, size limit, authentication (a Keycloak access token
 * verified offline against cached keys, or a cloud-signed mobile key), per-caller rate limit, the
 * {@link com.nexefii.policy.cache.PolicyCache}'s audited decision, then the
 * {@link com.nexefii.lock.api.LockRouter}. Every error is {@code application/problem+json}.
 * Nothing here is exported.
 */
package com.nexefii.local.api;
