/**
 * The lock contract of the Nexefii gateway.
 *
 * <p>A {@link com.nexefii.lock.api.LockAdapter} service exists per lock protocol (ZigBee, BLE,
 * TCP, the simulator). It owns the locks it discovered and executes {@link
 * com.nexefii.lock.api.LockCommand}s asynchronously. Every command completes with exactly one
 * {@link com.nexefii.lock.api.LockResult}: failures are {@link com.nexefii.lock.api.Outcome}
 * values, never exceptions, so a caller can always audit what happened.
 *
 * <p>Adapters report what locks do through the {@link com.nexefii.lock.api.LockEventPublisher}
 * service, which stamps each event with its gateway-wide identity (event id, property id, gateway
 * id, monotonic sequence number) and hands it to every {@link
 * com.nexefii.lock.api.LockEventListener} (whiteboard) in service-ranking order, the durable event
 * store first; it then posts it on EventAdmin under {@link com.nexefii.lock.api.LockEvent#TOPIC_PREFIX}.
 *
 * <p>1.1: {@link com.nexefii.lock.api.LockEventType#PACKAGE_INSTALL} events; a durable listener may take events in two phases ({@link
 * com.nexefii.lock.api.DurableLockEventListener}: stage in order, then await durability outside
 * the publisher's lock) so that concurrent publishers share one flush, and tells the publisher the
 * last sequence number it kept.
 *
 * <p>1.2: an event source may name an occurrence for good ({@link
 * com.nexefii.lock.api.LockEventPublisher#publish(String, com.nexefii.lock.api.LockEventType,
 * java.util.Map, String)}); its event id is then derived from that key ({@link
 * com.nexefii.lock.api.LockEvent#idFor}), so a re-delivered occurrence keeps its id.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package com.nexefii.lock.api;
