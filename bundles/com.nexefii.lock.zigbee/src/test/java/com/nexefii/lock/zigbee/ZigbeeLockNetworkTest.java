package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork;
import com.nexefii.lock.testing.RecordingPublisher;
import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.ZigBeeStatus;

/**
 * The adapter's core against the simulated ZigBee network, without a framework: real ZDO/ZCL
 * frames through the real stack. The in-framework scenarios live in com.nexefii.lock.zigbee.test.
 */
class ZigbeeLockNetworkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private SimulatedZigbeeNetwork air;
    private SimulatedDoorLock lock;
    private String lockId;
    private RecordingPublisher events;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private ZigbeeLockNetwork network;

    @BeforeEach
    void givenANetworkWithOneCommissionedLock() {
        air = new SimulatedZigbeeNetwork("unit", new IeeeAddress("5EC0000000000001"))
                .retransmitInterval(Duration.ofMillis(300));
        lock = air.admit(air.newLock(new IeeeAddress("5EC0000000000A01")));
        lockId = ZigbeeLockNetwork.lockId(lock.ieeeAddress());
        events = new RecordingPublisher();
        workers = Executors.newCachedThreadPool();
        timer = Executors.newSingleThreadScheduledExecutor();
        network = newNetwork();
        assertThat(network.start(air)).isEqualTo(ZigBeeStatus.SUCCESS);
        await().atMost(20, TimeUnit.SECONDS).until(() -> network.onboarded(lockId));
    }

    private ZigbeeLockNetwork newNetwork() {
        ZigbeeAdapterOptions options = ZigbeeAdapterOptions.from(Configs.zigbee(Map.of(
                "nexefii_lock_adapter_id", "zb-unit", "dongleType", DongleType.SIMULATED, "serialPort", "unit",
                "answerTimeoutMillis", 1000, "retries", 2, "dataDirectory", data.toString())), null);
        return new ZigbeeLockNetwork(options, events, workers, timer);
    }

    @AfterEach
    void stop() {
        network.close("test over");
        air.close();
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private LockResult run(LockCommand command) {
        return network.execute(command).toCompletableFuture().join();
    }

    @Test
    void givenAJoinedLock_whenLocked_thenOkAndTheLockReportsLocked() {
        lock.operate(SimulatedDoorLock.SOURCE_MANUAL, SimulatedDoorLock.EVENT_MANUAL_UNLOCK, 0);
        await().until(() -> !lock.locked());

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "test"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.LOCKED);
        assertThat(lock.locked()).isTrue();
        await().until(() -> events.has(lockId, LockEventType.LOCKED, e -> "remote".equals(e.attributes().get("method"))));
        assertThat(events.has(lockId, LockEventType.COMMAND_RESULT, e -> "OK".equals(e.attributes().get("outcome")))).isTrue();
    }

    @Test
    void givenALockedDoor_whenUnlockedWithoutRelock_thenTheLockGetsUnlockDoorAndReportsARemoteUnlock() {
        LockResult result = run(LockCommand.unlock(lockId, null, DEADLINE, "staff-7"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.UNLOCK_DOOR)).isEqualTo(1);
        assertThat(lock.locked()).isFalse();
        await().until(() -> events.has(lockId, LockEventType.UNLOCKED, e -> "remote".equals(e.attributes().get("method"))));
    }

    @Test
    void givenALockedDoor_whenUnlockedWithRelockAfter_thenUnlockWithTimeoutIsSentAndTheLockRelocksItself() {
        LockResult result = run(LockCommand.unlock(lockId, Duration.ofSeconds(1), DEADLINE, "guest"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.UNLOCK_WITH_TIMEOUT)).isEqualTo(1);
        await().until(lock::locked);
        await().until(() -> events.has(lockId, LockEventType.LOCKED, e -> "auto".equals(e.attributes().get("method"))));
    }

    @Test
    void givenAPin_whenSetThenUsedOnTheKeypadThenCleared_thenTheLockStoresItAndTheEventNamesTheCredential() {
        LockResult set = run(LockCommand.setCredential(lockId, Credential.pin("guest-42", "482913"), DEADLINE, "pms"));

        assertThat(set.outcome()).isEqualTo(Outcome.OK);
        assertThat(set.detail()).contains("user slot 1");
        assertThat(lock.pin(1)).isEqualTo("482913");

        lock.operate(SimulatedDoorLock.SOURCE_KEYPAD, SimulatedDoorLock.EVENT_UNLOCK, 1);
        await().until(() -> events.has(lockId, LockEventType.UNLOCKED,
                e -> "guest-42".equals(e.attributes().get("credentialId")) && "pin".equals(e.attributes().get("method"))));

        LockResult cleared = run(LockCommand.clearCredential(lockId, Credential.pin("guest-42", null), DEADLINE, "pms"));
        assertThat(cleared.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.pin(1)).isNull();
        assertThat(run(LockCommand.clearCredential(lockId, Credential.pin("guest-42", null), DEADLINE, "pms")).detail())
                .contains("not stored");
    }

    @Test
    void givenACard_whenSetAndCleared_thenTheLockHoldsItsUidInAnRfidSlotAndCardUseIsAttributed() {
        assertThat(run(LockCommand.setCredential(lockId, Credential.card("04A1B2C3D4E5F6"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.rfid(1)).isEqualTo("04A1B2C3D4E5F6");

        lock.operate(SimulatedDoorLock.SOURCE_RFID, SimulatedDoorLock.EVENT_UNLOCK, 1);
        await().until(() -> events.has(lockId, LockEventType.UNLOCKED,
                e -> "04A1B2C3D4E5F6".equals(e.attributes().get("credentialId")) && "card".equals(e.attributes().get("method"))));

        assertThat(run(LockCommand.clearCredential(lockId, Credential.card("04A1B2C3D4E5F6"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.rfids()).isEmpty();
    }

    @Test
    void givenBadCredentials_whenSet_thenInvalidOrUnsupportedWithoutTouchingTheLock() {
        assertThat(run(LockCommand.setCredential(lockId, Credential.pin("u1", "12ab"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.INVALID);
        assertThat(run(LockCommand.setCredential(lockId, Credential.card("not-hex"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.INVALID);
        LockResult mobile = run(LockCommand.setCredential(lockId, Credential.mobileKey("jti-1"), DEADLINE, "pms"));
        assertThat(mobile.outcome()).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(mobile.detail()).contains("PIN and RFID");
        assertThat(lock.received(SimulatedDoorLock.SET_PIN_CODE) + lock.received(SimulatedDoorLock.SET_RFID_CODE)).isZero();
    }

    @Test
    void givenAPinUsedByAnotherGuest_whenSetAgain_thenTheLocksDuplicateStatusRejectsIt() {
        run(LockCommand.setCredential(lockId, Credential.pin("guest-1", "1111"), DEADLINE, "pms"));

        LockResult second = run(LockCommand.setCredential(lockId, Credential.pin("guest-2", "1111"), DEADLINE, "pms"));

        assertThat(second.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(second.detail()).contains("DUPLICATE (0x02)");
    }

    @Test
    void givenALockThatRefusesWithItsOwnStatus_whenCommanded_thenTheStatusIsMappedAndNamed() {
        lock.respondNextWith(SimulatedDoorLock.STATUS_NOT_AUTHORIZED);
        LockResult refused = run(LockCommand.unlock(lockId, null, DEADLINE, "staff"));
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.detail()).contains("NOT_AUTHORIZED (0x7E)");

        lock.respondNextWith(SimulatedDoorLock.STATUS_INVALID_FIELD);
        assertThat(run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff")).outcome()).isEqualTo(Outcome.INVALID);

        lock.respondNextWith(SimulatedDoorLock.STATUS_OCCUPIED);
        LockResult occupied = run(LockCommand.setCredential(lockId, Credential.pin("g", "2468"), DEADLINE, "pms"));
        assertThat(occupied.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(occupied.detail()).contains("OCCUPIED");
    }

    @Test
    void givenALockWithoutPinSupport_whenAPinIsSet_thenUnsupportedFromItsDefaultResponse() {
        lock.pinSupported(false);

        LockResult result = run(LockCommand.setCredential(lockId, Credential.pin("g", "1234"), DEADLINE, "pms"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(result.detail()).contains("UNSUP_CLUSTER_COMMAND");
    }

    @Test
    void givenALock_whenQueried_thenBoltDoorLockdownAndBatteryAreRead() {
        lock.batteryPercent(64);
        await().until(() -> events.has(lockId, LockEventType.BATTERY_LEVEL, e -> "64".equals(e.attributes().get("percent"))));

        LockResult result = run(LockCommand.of(CommandType.QUERY_STATE, lockId, DEADLINE, "console"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.LOCKED);
        assertThat(result.state().door()).isEqualTo(DoorState.CLOSED);
        assertThat(result.state().lockdown()).isFalse();
        assertThat(result.state().batteryPercent()).isEqualTo(64);
        assertThat(result.state().online()).isTrue();
    }

    @Test
    void givenALockWithPrivacyMode_whenLockdownOnThenOff_thenTheOperatingModeFollowsAndIsReported() {
        assertThat(run(LockCommand.of(CommandType.LOCKDOWN_ON, lockId, DEADLINE, "security")).outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.operatingMode()).isEqualTo(SimulatedDoorLock.MODE_PRIVACY);
        assertThat(events.has(lockId, LockEventType.LOCKDOWN_CHANGED, e -> "true".equals(e.attributes().get("lockdown")))).isTrue();
        assertThat(run(LockCommand.of(CommandType.QUERY_STATE, lockId, DEADLINE, "console")).state().lockdown()).isTrue();

        assertThat(run(LockCommand.of(CommandType.LOCKDOWN_OFF, lockId, DEADLINE, "security")).outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.operatingMode()).isEqualTo(SimulatedDoorLock.MODE_NORMAL);
        assertThat(events.has(lockId, LockEventType.LOCKDOWN_CHANGED, e -> "false".equals(e.attributes().get("lockdown")))).isTrue();
    }

    @Test
    void givenALockWithoutPrivacyMode_whenLockdownOn_thenUnsupportedWithTheReason() {
        lock.supportedOperatingModes(0b0000_0001);

        LockResult result = run(LockCommand.of(CommandType.LOCKDOWN_ON, lockId, DEADLINE, "security"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(result.detail()).contains("Privacy operating mode");
        assertThat(lock.received(SimulatedDoorLock.WRITE_DOOR_LOCK_ATTRIBUTES)).isZero();
    }

    @Test
    void givenAJammedBolt_whenLocked_thenJammedAndTheJamAlarmIsPublished() {
        lock.jammed(true);

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.JAMMED);
        assertThat(result.state().bolt()).isEqualTo(BoltState.JAMMED);
        await().until(() -> events.has(lockId, LockEventType.JAMMED, e -> "0".equals(e.attributes().get("zigbeeAlarmCode"))));
    }

    @Test
    void givenDoorLockAlarms_whenRaised_thenForcedAndTamperEventsAreAcknowledgedOnce() {
        lock.raiseAlarm(SimulatedDoorLock.ALARM_FORCED_DOOR_OPEN);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_FRONT_ESCUTCHEON_REMOVED);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_WRONG_CODE_ENTRY_LIMIT);

        await().until(() -> events.of(lockId, LockEventType.DOOR_FORCED).size() == 1
                && events.of(lockId, LockEventType.TAMPER).size() == 2);
        await().until(() -> lock.unacknowledgedUplinks() == 0);
        assertThat(events.of(lockId, LockEventType.DOOR_FORCED)).hasSize(1);
    }

    @Test
    void givenTheDoorSensor_whenItReports_thenOpenedClosedAndAjarEvents() {
        lock.doorState(SimulatedDoorLock.DOOR_OPEN);
        await().until(() -> events.has(lockId, LockEventType.DOOR_OPENED, e -> true));
        lock.doorState(SimulatedDoorLock.DOOR_AJAR);
        await().until(() -> events.has(lockId, LockEventType.DOOR_AJAR, e -> true));
        lock.doorState(SimulatedDoorLock.DOOR_CLOSED);
        await().until(() -> events.has(lockId, LockEventType.DOOR_CLOSED, e -> true));
    }

    @Test
    void givenADrainingBattery_whenItCrossesTheThreshold_thenBatteryLowOnceAndLevelEveryTime() {
        lock.batteryPercent(50);
        await().until(() -> events.has(lockId, LockEventType.BATTERY_LEVEL, e -> "50".equals(e.attributes().get("percent"))));
        lock.batteryPercent(15);
        await().until(() -> events.has(lockId, LockEventType.BATTERY_LOW, e -> "15".equals(e.attributes().get("percent"))));
        lock.batteryPercent(10);
        await().until(() -> events.has(lockId, LockEventType.BATTERY_LEVEL, e -> "10".equals(e.attributes().get("percent"))));
        await().until(() -> lock.unacknowledgedUplinks() == 0);

        assertThat(events.of(lockId, LockEventType.BATTERY_LOW)).hasSize(1);
    }

    @Test
    void givenASilentLock_whenLocked_thenRetriedAndTimeoutAtTheDeadline() {
        lock.silent(true);

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, Duration.ofMillis(2500), "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void givenALostFrame_whenLocked_thenTheRetryGetsThrough() {
        lock.dropNextFrames(1);

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isEqualTo(2);
    }

    @Test
    void givenASleepyLock_whenLocked_thenItAnswersAtItsNextPoll() {
        lock.pollInterval(Duration.ofMillis(700));

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenAnUnreachableLock_whenLocked_thenUnreachable() {
        lock.reachable(false);

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("3 attempt");
    }

    @Test
    void givenMalformedFramesAndAGarbledAnswer_whenLocked_thenTheAdapterShrugsAndTheRetrySucceeds() {
        lock.sendMalformedFrames();
        lock.garbleNextResponses(1);

        LockResult result = run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isEqualTo(2);
        await().until(() -> network.malformedFrames() > 0);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_FORCED_DOOR_OPEN);
        await().until(() -> events.has(lockId, LockEventType.DOOR_FORCED, e -> true));
    }

    @Test
    void givenAStoreThatRefusesEvents_whenTheLockNotifies_thenTheLockRepeatsUntilTheEventIsTaken() {
        events.refusing(true);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_DEADBOLT_JAMMED);
        await().until(() -> lock.unacknowledgedUplinks() == 1);

        events.refusing(false);

        await().until(() -> events.has(lockId, LockEventType.JAMMED, e -> true));
        await().until(() -> lock.unacknowledgedUplinks() == 0);
        assertThat(events.of(lockId, LockEventType.JAMMED)).hasSize(1);
    }

    @Test
    void givenANewLock_whenItJoinsWithAndWithoutPermitJoinAndLeaves_thenItAppearsAndDisappears() {
        SimulatedDoorLock newcomer = air.newLock(new IeeeAddress("5EC0000000000B07"));
        String newId = ZigbeeLockNetwork.lockId(newcomer.ieeeAddress());
        assertThat(air.join(newcomer)).isFalse();

        assertThat(network.permitJoin(60)).isEqualTo(ZigBeeStatus.SUCCESS);
        await().until(air::permitJoinOpen);
        assertThat(air.join(newcomer)).isTrue();

        await().atMost(20, TimeUnit.SECONDS).until(() -> events.has(newId, LockEventType.LOCK_ADDED, e -> true));
        assertThat(network.locks()).extracting(LockInfo::lockId).contains(newId);
        assertThat(run(LockCommand.of(CommandType.LOCK, newId, DEADLINE, "staff")).outcome()).isEqualTo(Outcome.OK);

        air.leave(newcomer);

        await().until(() -> events.has(newId, LockEventType.LOCK_REMOVED, e -> true));
        assertThat(network.locks()).extracting(LockInfo::lockId).doesNotContain(newId);
        assertThat(run(LockCommand.of(CommandType.LOCK, newId, DEADLINE, "staff")).outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
    }

    @Test
    void givenAnInstalledLock_whenTheInstallerRemovesIt_thenItIsAskedToLeaveAndDisappears() {
        assertThat(network.remove(lockId)).isTrue();

        await().until(() -> events.has(lockId, LockEventType.LOCK_REMOVED, e -> true));
        assertThat(lock.joined()).isFalse();
        assertThat(network.locks()).isEmpty();
    }

    @Test
    void givenARestart_whenTheLockSleepsThrough_thenItIsStillKnownFromDiskAndAnswersLater() {
        run(LockCommand.setCredential(lockId, Credential.pin("guest-9", "9999"), DEADLINE, "pms"));
        network.close("restart");
        lock.silent(true);
        events.clear();

        network = newNetwork();
        assertThat(network.locks()).extracting(LockInfo::lockId).containsExactly(lockId);
        assertThat(network.start(air)).isEqualTo(ZigBeeStatus.SUCCESS);
        lock.silent(false);

        assertThat(run(LockCommand.clearCredential(lockId, Credential.pin("guest-9", null), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.pin(1)).isNull();
        assertThat(events.of(lockId, LockEventType.LOCK_ADDED)).isEmpty();
    }

    @Test
    void givenCommandsThatCannotRun_thenUnknownLockDuplicateAndExpiredWithoutReachingTheLock() {
        assertThat(run(LockCommand.of(CommandType.LOCK, "zigbee-0000000000000000", DEADLINE, "x")).outcome())
                .isEqualTo(Outcome.UNKNOWN_LOCK);
        LockCommand once = LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "x");
        assertThat(run(once).outcome()).isEqualTo(Outcome.OK);
        assertThat(run(once).outcome()).isEqualTo(Outcome.DUPLICATE);
        LockCommand late = new LockCommand(UUID.randomUUID().toString(), lockId, CommandType.LOCK,
                Instant.now().minusSeconds(1), null, null, "x");
        assertThat(run(late).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isEqualTo(1);
    }

    @Test
    void givenQueuedCommands_whenTheAdapterStops_thenEachEndsCancelledAndIsReported() {
        lock.silent(true);
        CompletableFuture<LockResult> first = network.execute(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "x"))
                .toCompletableFuture();
        CompletableFuture<LockResult> second = network.execute(LockCommand.of(CommandType.UNLOCK, lockId, DEADLINE, "x"))
                .toCompletableFuture();

        network.close("adapter stopping");

        assertThat(first.join().outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(second.join().outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(events.of(lockId, LockEventType.COMMAND_RESULT))
                .filteredOn(e -> "CANCELLED".equals(e.attributes().get("outcome"))).hasSize(2);
    }
}
