package com.nexefii.lock.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.ble.testing.FakeBluez;
import com.nexefii.lock.ble.testing.PrivateDbusDaemon;
import com.nexefii.lock.testing.RecordingPublisher;

/**
 * The BLUEZ transport on the D-Bus wire: a private dbus-daemon, a fake {@code org.bluez} on it
 * ({@link FakeBluez}, with the locks' real firmware logic behind its GATT objects) and the adapter
 * configured for BLUEZ on that bus, exactly as on a gateway with bluetoothd on the system bus.
 */
class BluezGattTransportTest {

    private static final byte[] MASTER = new byte[32];
    private static final String LOCK_A = "ble-101";
    private static final String ADDRESS_A = "AA:BB:CC:DD:EE:01";

    private final RecordingPublisher events = new RecordingPublisher();
    private PrivateDbusDaemon dbus;
    private FakeBluez bluez;
    private BleLockAdapter adapter;

    @BeforeEach
    void startBus() throws Exception {
        dbus = new PrivateDbusDaemon();
        bluez = new FakeBluez(dbus.address());
    }

    @AfterEach
    void stop() throws Exception {
        if (adapter != null) {
            adapter.deactivate();
        }
        if (bluez != null) {
            bluez.close();
        }
        if (dbus != null) {
            dbus.close(); // a daemon left running would outlive the test JVM
        }
    }

    private FakeBluez.FakeLock<SimulatedFirmware> lock(String lockId, String address, boolean known) throws Exception {
        return bluez.addLock(new SimulatedFirmware(new SimulatedBleLock(lockId, address, SecureFrame.deriveLockKey(MASTER, lockId))), known);
    }

    private void startAdapter(long connectTimeoutMs, int retries, long idleDisconnectMs) {
        startAdapter(connectTimeoutMs, retries, idleDisconnectMs, dbus.address());
    }

    private void startAdapter(long connectTimeoutMs, int retries, long idleDisconnectMs, String busAddress) {
        Map<String, String> locks = new LinkedHashMap<>();
        locks.put(LOCK_A, ADDRESS_A);
        locks.put("ble-102", "AA:BB:CC:DD:EE:02");
        adapter = new BleLockAdapter(new BleAdapterOptions("ble-bluez", BleAdapterOptions.Transport.BLUEZ, locks, MASTER,
                connectTimeoutMs, retries, 2, idleDisconnectMs, 20, 0, 0, 0, 0, "hci0", busAddress), events, null);
    }

    private LockResult run(LockCommand command) throws Exception {
        return adapter.execute(command).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static LockCommand command(CommandType type, Duration timeout) {
        return LockCommand.of(type, LOCK_A, timeout, "test");
    }

    @Test
    void givenKnownLock_whenUnlocked_thenFrameIsWrittenWithResponseAndAnswerArrivesAsNotification() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 5000);

        LockResult result = run(LockCommand.unlock(LOCK_A, Duration.ofSeconds(5), Duration.ofSeconds(10), "staff-a"));

        assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(lock.firmware.lock().bolt()).isEqualTo(2);
        assertThat(lock.firmware.lock().rejectedFrames()).isZero();
        assertThat(lock.writeOptions).singleElement()
                .satisfies(o -> assertThat(o.get("type").getValue()).isEqualTo("request"));
        assertThat(lock.connects).hasValue(1);
        assertThat(bluez.discoveriesStarted).hasValue(0);
    }

    @Test
    void givenEveryCommandType_whenExecutedOverOneLink_thenEachAnsweredWithoutReconnecting() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 5000);
        for (CommandType type : new CommandType[] {CommandType.LOCK, CommandType.QUERY_STATE, CommandType.LOCKDOWN_ON,
            CommandType.LOCKDOWN_OFF}) {
            assertThat(run(command(type, Duration.ofSeconds(5))).outcome()).as(type.name()).isEqualTo(Outcome.OK);
        }
        assertThat(lock.connects).hasValue(1);
        assertThat(lock.writeOptions).hasSize(4);
    }

    @Test
    void givenLockBluezHasNotSeenYet_whenCommanded_thenLeDiscoveryFindsItAndStops() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, false);
        startAdapter(3000, 1, 5000);

        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);

        assertThat(bluez.discoveriesStarted).hasValue(1);
        assertThat(bluez.discoveriesStopped).hasValue(1);
        assertThat(lock.connects).hasValue(1);
    }

    @Test
    void givenSlowConnectionSetup_whenWithinConnectTimeout_thenOk() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        lock.connectDelayMs = 1500;
        startAdapter(3000, 0, 5000);

        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(10))).outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.connects).hasValue(1);
    }

    @Test
    void givenConnectionSetupSlowerThanTimeout_whenCommanded_thenEachAttemptCancelledAndLockUnreachable() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        lock.connectDelayMs = 20_000;
        startAdapter(400, 1, 5000);

        LockResult result = run(command(CommandType.LOCK, Duration.ofSeconds(10)));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("connection setup failed");
        assertThat(lock.connects).hasValue(2);
        // each abandoned attempt is cancelled in BlueZ, or the lock would stay connected to nobody
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lock.disconnects).hasValue(2));
        assertThat(lock.isConnected()).isFalse();
        assertThat(events.ofType(LockEventType.LOCK_OFFLINE)).hasSize(1);
    }

    @Test
    void givenLockOutOfRange_whenCommanded_thenUnreachableThenOkWhenBack() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        lock.inRange = false;
        startAdapter(2000, 1, 5000);

        LockResult away = run(command(CommandType.LOCK, Duration.ofSeconds(10)));
        lock.inRange = true;
        LockResult back = run(command(CommandType.LOCK, Duration.ofSeconds(10)));

        assertThat(away.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(away.detail()).contains("le-connection-abort-by-local");
        assertThat(back.outcome()).isEqualTo(Outcome.OK);
        assertThat(events.ofType(LockEventType.LOCK_ONLINE)).hasSize(1);
    }

    @Test
    void givenOpenLink_whenLockDropsIt_thenNextCommandReconnectsWithFreshSession() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 60_000);
        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);

        lock.dropLink();
        LockResult after = run(command(CommandType.UNLOCK, Duration.ofSeconds(5)));

        assertThat(after.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.connects).hasValue(2);
        assertThat(lock.firmware.lock().rejectedFrames()).isZero();
    }

    @Test
    void givenOpenLink_whenLockNotifiesEvents_thenPublishedInOrder() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 60_000);
        assertThat(run(command(CommandType.QUERY_STATE, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);

        lock.firmware.lock().sendEvent(BleOpcodes.EVENT_DOOR_OPENED, 0);
        lock.firmware.lock().sendEvent(BleOpcodes.EVENT_DOOR_CLOSED, 0);
        lock.firmware.lock().sendEvent(BleOpcodes.EVENT_BATTERY, 10);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !events.ofType(LockEventType.BATTERY_LOW).isEmpty());
        assertThat(events.events()).extracting(e -> e.type()).containsSubsequence(LockEventType.DOOR_OPENED,
                LockEventType.DOOR_CLOSED, LockEventType.BATTERY_LEVEL);
        assertThat(lock.firmware.lock().rejectedFrames()).isZero();
    }

    @Test
    void givenDeviceWithoutTheLockService_whenCommanded_thenUnreachableNamingTheService() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        lock.offersLockService = false;
        startAdapter(2000, 0, 5000);

        LockResult result = run(command(CommandType.LOCK, Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains(BluezGattTransport.SERVICE_UUID);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !lock.isConnected());
    }

    @Test
    void givenIdleLink_whenIdleTimePasses_thenGatewayDisconnectsTheLock() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 200);

        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !lock.isConnected());
        assertThat(lock.disconnects).hasValue(1);
    }

    @Test
    void givenOpenLink_whenBluetoothdRestarts_thenLinkDroppedAndNextCommandReconnects() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 60_000);
        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);

        bluez.leaveBus();
        bluez.joinBus();
        LockResult after = run(command(CommandType.QUERY_STATE, Duration.ofSeconds(5)));

        assertThat(after.outcome()).as(after.detail()).isEqualTo(Outcome.OK);
        assertThat(lock.connects).hasValue(2);
    }

    @Test
    void givenAdapterStopping_whenLinksOpen_thenEachLockIsDisconnected() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> a = lock(LOCK_A, ADDRESS_A, true);
        FakeBluez.FakeLock<SimulatedFirmware> b = lock("ble-102", "AA:BB:CC:DD:EE:02", true);
        startAdapter(3000, 1, 60_000);
        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);
        assertThat(run(LockCommand.of(CommandType.LOCK, "ble-102", Duration.ofSeconds(5), "t")).outcome())
                .isEqualTo(Outcome.OK);

        adapter.deactivate();
        adapter = null;

        assertThat(a.isConnected()).isFalse();
        assertThat(b.isConnected()).isFalse();
    }

    @Test
    void givenLinkGoneBeforeBluezSaysSo_whenWriteFails_thenCommandRetriedOnANewLink() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> lock = lock(LOCK_A, ADDRESS_A, true);
        startAdapter(3000, 1, 60_000);
        assertThat(run(command(CommandType.LOCK, Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);

        lock.failNextWrite = true;
        LockResult result = run(command(CommandType.UNLOCK, Duration.ofSeconds(5)));

        assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OK);
        assertThat(lock.connects).hasValue(2);
        assertThat(lock.firmware.lock().bolt()).isEqualTo(2);
    }

    @Test
    void givenTwoLocksBluezHasNotSeen_whenCommandedAtOnce_thenBothAnsweredAndDiscoveryStoppedAgain() throws Exception {
        FakeBluez.FakeLock<SimulatedFirmware> a = lock(LOCK_A, ADDRESS_A, false);
        FakeBluez.FakeLock<SimulatedFirmware> b = lock("ble-102", "AA:BB:CC:DD:EE:02", false);
        startAdapter(3000, 1, 5000);

        var first = adapter.execute(command(CommandType.LOCK, Duration.ofSeconds(10))).toCompletableFuture();
        var second = adapter.execute(LockCommand.of(CommandType.LOCK, "ble-102", Duration.ofSeconds(10), "t"))
                .toCompletableFuture();

        assertThat(first.get(15, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
        assertThat(second.get(15, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
        assertThat(a.connects).hasValue(1);
        assertThat(b.connects).hasValue(1);
        assertThat(bluez.discoveriesStarted.get()).isPositive().isEqualTo(bluez.discoveriesStopped.get());
    }

    @Test
    void givenNoBusAtTheConfiguredAddress_whenCommanded_thenUnreachableSayingWhy() throws Exception {
        startAdapter(1000, 0, 5000, "unix:path=/nonexistent/nexefii-bus");

        LockResult result = run(command(CommandType.LOCK, Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("no GATT link to " + ADDRESS_A, "no D-Bus socket at /nonexistent/nexefii-bus");
    }
}
