/**
 * The gateway's durable store-and-forward queue of lock events.
 *
 * <p>The store is the {@link com.nexefii.lock.api.LockEventListener} with the highest ranking and
 * {@code nexefii.lock.event.durable=true}: an event is on disk before
 * {@link com.nexefii.lock.api.LockEventPublisher#publish} returns. The cloud connector reads events
 * in append order with {@link com.nexefii.event.store.EventStore#readFrom} and removes them with
 * {@link com.nexefii.event.store.EventStore#acknowledge} once the cloud has acknowledged them; the
 * acknowledged position survives restarts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.event.store;
