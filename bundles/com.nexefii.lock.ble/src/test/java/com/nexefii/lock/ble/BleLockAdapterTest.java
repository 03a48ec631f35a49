package com.nexefii.lock.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.RecordingPublisher;

/** The adapter against simulated locks that run the real session protocol, frame by frame. */
class BleLockAdapterTest {

    private static final String MASTER = Base64.getEncoder().encodeToString(new byte[32]);

    private final RecordingPublisher events = new RecordingPublisher("hotel-a", "gw-a1");
    private BleLockAdapter adapter;
    private SimulatedGattTransport radio;

    private void start(double dropRate, int retries) {
        BleAdapterOptions options = new BleAdapterOptions("ble-1", BleAdapterOptions.Transport.SIMULATED,
                Map.of("ble-101", "AA:BB:CC:DD:EE:01", "ble-102", "AA:BB:CC:DD:EE:02"),
                Base64.getDecoder().decode(MASTER), 2000, retries, 2, 200, 20, 1, 5, 1, dropRate, "hci0", "");
        radio = new SimulatedGattTransport(1, 5, 1, dropRate, 42);
        options.addressByLock().forEach((id, address) -> radio
                .add(new SimulatedBleLock(id, address, SecureFrame.deriveLockKey(options.masterKey(), id))));
        adapter = new BleLockAdapter(options, events, radio);
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.deactivate();
        }
    }

    private LockResult run(LockCommand command) throws Exception {
        return adapter.execute(command).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static LockCommand command(CommandType type, String lockId, Duration timeout) {
        return LockCommand.of(type, lockId, timeout, "test");
    }

    @Test
    void givenReachableLock_whenUnlocked_thenOkWithStateAndOneResultEvent() throws Exception {
        start(0, 2);
        LockResult result = run(LockCommand.unlock("ble-101", Duration.ofSeconds(5), Duration.ofSeconds(5), "staff-a"));
        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(events.ofType(LockEventType.COMMAND_RESULT)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "OK")
                        .containsEntry("commandId", result.commandId()));
    }

    @Test
    void givenEveryCommandType_whenExecuted_thenEachAnswered() throws Exception {
        start(0, 2);
        for (CommandType type : new CommandType[] {CommandType.LOCK, CommandType.QUERY_STATE, CommandType.LOCKDOWN_ON,
            CommandType.LOCKDOWN_OFF}) {
            assertThat(run(command(type, "ble-101", Duration.ofSeconds(5))).outcome()).as(type.name()).isEqualTo(Outcome.OK);
        }
        assertThat(run(LockCommand.setCredential("ble-101", Credential.pin("u7", "4711"), Duration.ofSeconds(5), "t"))
                .outcome()).isEqualTo(Outcome.OK);
        assertThat(radio.lockAt("AA:BB:CC:DD:EE:01").hasCredential("u7")).isTrue();
        assertThat(run(LockCommand.clearCredential("ble-101", Credential.pin("u7", null), Duration.ofSeconds(5), "t"))
                .outcome()).isEqualTo(Outcome.OK);
        assertThat(radio.lockAt("AA:BB:CC:DD:EE:01").hasCredential("u7")).isFalse();
    }

    @Test
    void givenLockdown_whenUnlocked_thenRejectedWithReason() throws Exception {
        start(0, 2);
        run(command(CommandType.LOCKDOWN_ON, "ble-101", Duration.ofSeconds(5)));
        LockResult result = run(LockCommand.unlock("ble-101", null, Duration.ofSeconds(5), "guest"));
        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.detail()).contains("lockdown");
    }

    @Test
    void givenJammedBolt_whenLocked_thenJammed() throws Exception {
        start(0, 2);
        radio.lockAt("AA:BB:CC:DD:EE:02").jam(true);
        assertThat(run(command(CommandType.LOCK, "ble-102", Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.JAMMED);
    }

    @Test
    void givenSilentLock_whenCommanded_thenTimeoutAtDeadline() throws Exception {
        start(0, 2);
        radio.lockAt("AA:BB:CC:DD:EE:01").silent(true);
        LockResult result = run(command(CommandType.LOCK, "ble-101", Duration.ofMillis(300)));
        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(events.ofType(LockEventType.COMMAND_RESULT)).hasSize(1);
    }

    @Test
    void givenLockOutOfRange_whenCommanded_thenUnreachableAndOfflineEventThenOnlineWhenBack() throws Exception {
        start(0, 1);
        SimulatedBleLock lock = radio.lockAt("AA:BB:CC:DD:EE:01");
        lock.outOfRange(true);
        assertThat(run(command(CommandType.LOCK, "ble-101", Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(events.ofType(LockEventType.LOCK_OFFLINE)).hasSize(1);
        lock.outOfRange(false);
        assertThat(run(command(CommandType.LOCK, "ble-101", Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.OK);
        assertThat(events.ofType(LockEventType.LOCK_ONLINE)).hasSize(1);
    }

    @Test
    void givenLinkDropsTwice_whenCommandedWithTwoRetries_thenThirdAttemptSucceeds() throws Exception {
        start(0, 2);
        radio.dropNextWrites(2);
        assertThat(run(command(CommandType.LOCK, "ble-101", Duration.ofSeconds(10))).outcome()).isEqualTo(Outcome.OK);
        assertThat(events.ofType(LockEventType.COMMAND_RESULT)).hasSize(1);
    }

    @Test
    void givenLinkDropsMoreOftenThanRetries_whenCommanded_thenUnreachable() throws Exception {
        start(0, 2);
        radio.dropNextWrites(3);
        LockResult result = run(command(CommandType.LOCK, "ble-101", Duration.ofSeconds(10)));
        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("dropped");
    }

    @Test
    void givenUnknownLock_whenCommanded_thenUnknownLock() throws Exception {
        start(0, 2);
        assertThat(run(command(CommandType.LOCK, "ble-999", Duration.ofSeconds(1))).outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
    }

    @Test
    void givenCapturedUnlockFrame_whenAttackerReplaysIt_thenLockIgnoresIt() throws Exception {
        start(0, 2);
        SimulatedBleLock lock = radio.lockAt("AA:BB:CC:DD:EE:01");
        run(LockCommand.unlock("ble-101", null, Duration.ofSeconds(5), "staff"));
        byte[] captured = lock.written().get(lock.written().size() - 1);
        run(command(CommandType.LOCK, "ble-101", Duration.ofSeconds(5)));
        int rejectedBefore = lock.rejectedFrames();
        assertThat(lock.receive(captured)).isNull();
        assertThat(lock.rejectedFrames()).isEqualTo(rejectedBefore + 1);
        assertThat(lock.bolt()).isEqualTo(1);
    }

    @Test
    void givenLockNotifications_whenReceived_thenMappedToEvents() throws Exception {
        start(0, 2);
        SimulatedBleLock lock = radio.lockAt("AA:BB:CC:DD:EE:01");
        // events flow only over an open link, as with real BLE locks
        CompletableFuture<LockResult> keepBusy = adapter.execute(command(CommandType.QUERY_STATE, "ble-101",
                Duration.ofSeconds(5))).toCompletableFuture();
        keepBusy.get(5, TimeUnit.SECONDS);
        lock.sendEvent(BleOpcodes.EVENT_DOOR_FORCED, 0);
        lock.sendEvent(BleOpcodes.EVENT_BATTERY, 10);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !events.ofType(LockEventType.BATTERY_LOW).isEmpty());
        assertThat(events.ofType(LockEventType.DOOR_FORCED)).hasSize(1);
        assertThat(events.ofType(LockEventType.BATTERY_LEVEL).get(0).attributes()).containsEntry("percent", "10");
    }

    @Test
    void givenCommandsInFlight_whenAdapterStops_thenEachEndsWithOneResult() throws Exception {
        start(0, 2);
        radio.lockAt("AA:BB:CC:DD:EE:01").silent(true);
        CompletableFuture<LockResult> pending = adapter.execute(command(CommandType.LOCK, "ble-101",
                Duration.ofSeconds(30))).toCompletableFuture();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !radio.lockAt("AA:BB:CC:DD:EE:01").written().isEmpty());
        adapter.deactivate();
        assertThat(pending.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(events.ofType(LockEventType.COMMAND_RESULT)).hasSize(1);
        adapter = null;
    }

    @Test
    void givenShortMasterKey_whenConfigured_thenActivationNamesTheProperty() {
        BleAdapterConfiguration config = new BleAdapterConfiguration() {
            public Class<? extends java.lang.annotation.Annotation> annotationType() { return BleAdapterConfiguration.class; }
            public String nexefii_lock_adapter_id() { return "ble-1"; }
            public String transport() { return "SIMULATED"; }
            public String[] locks() { return new String[] {"ble-101@AA:BB:CC:DD:EE:01"}; }
            public String _masterKey() { return Base64.getEncoder().encodeToString(new byte[8]); }
            public long connectTimeoutMs() { return 1000; }
            public int retries() { return 1; }
            public int maxConnections() { return 1; }
            public long idleDisconnectMs() { return 0; }
            public int batteryLowPercent() { return 20; }
            public long simulatedConnectMinMs() { return 1; }
            public long simulatedConnectMaxMs() { return 2; }
            public long simulatedLatencyMs() { return 1; }
            public double simulatedDropRate() { return 0; }
            public String bluezAdapter() { return "hci0"; }
            public String bluezBusAddress() { return ""; }
        };
        assertThatThrownBy(() -> BleAdapterOptions.from(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'.masterKey'");
    }

    @Test
    void givenBluezBusAddressThatIsNoAddress_whenConfigured_thenActivationNamesTheProperty() {
        BleAdapterConfiguration config = new BleAdapterConfiguration() {
            public Class<? extends java.lang.annotation.Annotation> annotationType() { return BleAdapterConfiguration.class; }
            public String nexefii_lock_adapter_id() { return "ble-1"; }
            public String transport() { return "BLUEZ"; }
            public String[] locks() { return new String[] {"ble-101@AA:BB:CC:DD:EE:01"}; }
            public String _masterKey() { return Base64.getEncoder().encodeToString(new byte[32]); }
            public long connectTimeoutMs() { return 1000; }
            public int retries() { return 1; }
            public int maxConnections() { return 1; }
            public long idleDisconnectMs() { return 0; }
            public int batteryLowPercent() { return 20; }
            public long simulatedConnectMinMs() { return 1; }
            public long simulatedConnectMaxMs() { return 2; }
            public long simulatedLatencyMs() { return 1; }
            public double simulatedDropRate() { return 0; }
            public String bluezAdapter() { return "hci0"; }
            public String bluezBusAddress() { return "/run/dbus/system_bus_socket"; }
        };
        assertThatThrownBy(() -> BleAdapterOptions.from(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bluezBusAddress'");
    }
}
