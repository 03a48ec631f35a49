/**
 * The gateway's {@link com.nexefii.lock.api.LockRouter}: one place that knows which adapter owns
 * which lock, so the cloud connector and the local API never track adapters themselves.
 *
 * <p>Private: other bundles use it only through the lock API.
 */
package com.nexefii.lock.router;
