/**
 * The BLE lock adapter. A lock is reached through a narrow {@link com.nexefii.lock.ble.GattTransport}
 * (connect, write the command characteristic, receive notifications), so the whole GATT exchange,
 * including slow connection setup and drops, can be driven by {@link
 * com.nexefii.lock.ble.SimulatedGattTransport} in tests and in the demo.
 *
 * <p>Commands travel in {@link com.nexefii.lock.ble.SecureFrame}s: each session starts with a fresh
 * random nonce from the lock, every frame carries a counter that must strictly increase within the
 * session, and an HMAC-SHA256 tag over nonce, direction and frame under a per-lock key. A captured
 * frame cannot be replayed: in the same session its counter is stale, in another session the nonce
 * differs.
 */
package com.nexefii.lock.ble;
