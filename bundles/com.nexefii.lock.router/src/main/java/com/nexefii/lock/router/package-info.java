/**
 * The gateway's {@link com.nexefii.lock.api.LockRouter}: one place that knows which adapter owns
 * which lock, so the cloud connector and the local API never track adapters themselves.
 *
 * <p>Private: other bundles use it only through the lock API, and through one EventAdmin topic,
 * {@code com/nexefii/lock/router/COMMAND_COMPLETED}, posted for every command an adapter answered:
 * {@code durationNanos} (Long, dispatch to result), {@code adapterId}, {@code protocol},
 * {@code lockId}, {@code commandId}, {@code commandType}, {@code outcome} (Strings). The gateway
 * metrics turn it into the command latency histogram per adapter.
 */
package com.nexefii.lock.router;
