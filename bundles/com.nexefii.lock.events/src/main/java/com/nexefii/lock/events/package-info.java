/**
 * The gateway's {@link com.nexefii.lock.api.LockEventPublisher}: gives every event its identity
 * (UUID, property and gateway ids, timestamp, a per-gateway sequence number that keeps rising across
 * restarts) and delivers it, in sequence order, to the {@link com.nexefii.lock.api.LockEventListener}
 * whiteboard and then to EventAdmin.
 *
 * <p>Private: other bundles use the publisher only through the lock API.
 */
package com.nexefii.lock.events;
