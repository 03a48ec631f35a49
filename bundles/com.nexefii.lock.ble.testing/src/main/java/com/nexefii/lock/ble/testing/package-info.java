/**
 * BlueZ on a private D-Bus for the BLE adapter's tests, shared by its unit tests and its in-framework
 * tests so that neither grows its own copy of the D-Bus object plumbing:
 * {@link com.nexefii.lock.ble.testing.PrivateDbusDaemon} (a real dbus-daemon on a unix socket),
 * {@link com.nexefii.lock.ble.testing.FakeBluez} (the {@code org.bluez} objects bluetoothd exports) and
 * {@link com.nexefii.lock.ble.testing.BleLockFirmware}, what a lock behind a fake device does with the
 * frames written to it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.lock.ble.testing;
