package com.nexefii.lock.ble;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One BLE radio and the locks it reaches. Method names map to property names ({@code _} is {@code .}). */
@ObjectClassDefinition(id = BleLockAdapter.PID, name = "Nexefii BLE lock adapter",
        description = "Locks reached over Bluetooth Low Energy GATT. One configuration per radio.")
@interface BleAdapterConfiguration {

    @AttributeDefinition(name = "Adapter id", description = "Unique on this gateway, e.g. ble-1")
    String nexefii_lock_adapter_id();

    @AttributeDefinition(name = "Transport", options = {
        @Option(label = "Simulated locks (demo, tests)", value = "SIMULATED"),
        @Option(label = "BlueZ over D-Bus", value = "BLUEZ")})
    String transport() default "SIMULATED";

    @AttributeDefinition(name = "BlueZ adapter", description = "The radio BlueZ drives (BLUEZ transport), e.g. hci0")
    String bluezAdapter() default "hci0";

    @AttributeDefinition(name = "BlueZ D-Bus address", description = "The bus BlueZ is on (BLUEZ transport). "
            + "Empty: the system bus. Otherwise a D-Bus address such as unix:path=/run/dbus/system_bus_socket")
    String bluezBusAddress() default "";

    @AttributeDefinition(name = "Locks", description = "One entry per lock: lockId@address, e.g. ble-101@AA:BB:CC:DD:EE:01")
    String[] locks();

    @AttributeDefinition(name = "Site master key", type = AttributeType.PASSWORD,
            description = "Base64, at least 32 bytes. Each lock's key is derived from it and the lock id.")
    String _masterKey();

    @AttributeDefinition(name = "Connect timeout (ms)", min = "100", description = "Per attempt: find the lock, "
            + "connect, resolve its GATT services and subscribe. A BLE link takes 0.4 to 3 s to come up.")
    long connectTimeoutMs() default 5000;

    @AttributeDefinition(name = "Retries", description = "Reconnect-and-resend attempts within the command deadline", min = "0", max = "10")
    int retries() default 2;

    @AttributeDefinition(name = "Concurrent connections", min = "1", max = "16")
    int maxConnections() default 4;

    @AttributeDefinition(name = "Idle disconnect (ms)", description = "Keep the link open this long after a command", min = "0")
    long idleDisconnectMs() default 3000;

    @AttributeDefinition(name = "Battery low threshold (%)", min = "0", max = "100")
    int batteryLowPercent() default 20;

    @AttributeDefinition(name = "Simulated connect time min (ms)", min = "0")
    long simulatedConnectMinMs() default 400;

    @AttributeDefinition(name = "Simulated connect time max (ms)", min = "0")
    long simulatedConnectMaxMs() default 3000;

    @AttributeDefinition(name = "Simulated response latency (ms)", min = "0")
    long simulatedLatencyMs() default 50;

    @AttributeDefinition(name = "Simulated link drop rate", description = "0.0 to 1.0, per write")
    double simulatedDropRate() default 0.0;
}
