package com.nexefii.lock.zigbee.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.testing.RecordingListener;

/** Every lock API command, through the adapter service, as ZCL Door Lock exchanges with a lock. */
@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
class ZigbeeCommandsInFrameworkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private ZigbeeSite site;
    private SimulatedDoorLock lock;
    private String lockId;
    private RecordingListener events;

    @BeforeEach
    void givenAWingWithOneInstalledLock(org.junit.jupiter.api.TestInfo test) throws Exception {
        events = new RecordingListener(context);
        site = ZigbeeSite.withLocks(context, configAdmin, "cmd" + Math.abs(test.getDisplayName().hashCode() % 100000),
                1, Map.of());
        lock = site.locks().get(0);
        lockId = ZigbeeSite.lockId(lock);
    }

    @AfterEach
    void tearDown() throws Exception {
        events.close();
        site.close();
    }

    @Test
    void givenAnUnlockedDoor_whenLocked_thenLockDoorIsSentAndTheResultAndEventsArePublished() {
        lock.operate(SimulatedDoorLock.SOURCE_MANUAL, SimulatedDoorLock.EVENT_MANUAL_UNLOCK, 0);
        events.awaitEvent(lockId, LockEventType.UNLOCKED, e -> "manual".equals(e.attributes().get("method")));

        LockResult result = site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff-1"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.LOCKED);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isEqualTo(1);
        events.awaitEvent(lockId, LockEventType.LOCKED, e -> "remote".equals(e.attributes().get("method")));
        events.awaitEvent(lockId, LockEventType.COMMAND_RESULT,
                e -> result.commandId().equals(e.attributes().get("commandId"))
                        && "OK".equals(e.attributes().get("outcome")) && "staff-1".equals(e.attributes().get("requestedBy")));
    }

    @Test
    void givenALockedDoor_whenUnlocked_thenUnlockDoor() {
        LockResult result = site.run(LockCommand.unlock(lockId, null, DEADLINE, "staff-1"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(lock.received(SimulatedDoorLock.UNLOCK_DOOR)).isEqualTo(1);
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void givenALockedDoor_whenUnlockedForAWhile_thenUnlockWithTimeoutAndTheLockRelocks() {
        LockResult result = site.run(LockCommand.unlock(lockId, Duration.ofMillis(1500), DEADLINE, "guest-7"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.UNLOCK_WITH_TIMEOUT)).isEqualTo(1);
        events.awaitEvent(lockId, LockEventType.LOCKED, e -> "auto".equals(e.attributes().get("method")));
        assertThat(lock.locked()).isTrue();
    }

    @Test
    void givenAGuestPin_whenSetUsedAndCleared_thenThePinCodeSlotFollowsAndUseIsAttributed() {
        LockResult set = site.run(LockCommand.setCredential(lockId, Credential.pin("guest-42", "482913"), DEADLINE, "pms"));
        assertThat(set.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.pins()).containsEntry(1, "482913");

        lock.operate(SimulatedDoorLock.SOURCE_KEYPAD, SimulatedDoorLock.EVENT_UNLOCK, 1);
        events.awaitEvent(lockId, LockEventType.UNLOCKED, e -> "guest-42".equals(e.attributes().get("credentialId")));
        lock.operate(SimulatedDoorLock.SOURCE_KEYPAD, SimulatedDoorLock.EVENT_UNLOCK_FAILURE_INVALID_PIN, 0xFFFF);
        events.awaitEvent(lockId, LockEventType.ACCESS_DENIED, e -> "pin".equals(e.attributes().get("method")));

        assertThat(site.run(LockCommand.clearCredential(lockId, Credential.pin("guest-42", null), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.pins()).isEmpty();
        assertThat(events.of(lockId, LockEventType.COMMAND_RESULT))
                .noneSatisfy(e -> assertThat(e.attributes().toString()).contains("482913"));
    }

    @Test
    void givenAKeyCard_whenSetAndCleared_thenTheRfidCodeSlotFollows() {
        assertThat(site.run(LockCommand.setCredential(lockId, Credential.card("04A1B2C3D4"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.rfids()).containsEntry(1, "04A1B2C3D4");
        lock.operate(SimulatedDoorLock.SOURCE_RFID, SimulatedDoorLock.EVENT_UNLOCK, 1);
        events.awaitEvent(lockId, LockEventType.UNLOCKED, e -> "04A1B2C3D4".equals(e.attributes().get("credentialId")));

        assertThat(site.run(LockCommand.clearCredential(lockId, Credential.card("04A1B2C3D4"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.rfids()).isEmpty();
    }

    @Test
    void givenAPinAnotherGuestHolds_whenSet_thenTheLocksDuplicateStatusIsTheReason() {
        site.run(LockCommand.setCredential(lockId, Credential.pin("guest-1", "1357"), DEADLINE, "pms"));

        LockResult result = site.run(LockCommand.setCredential(lockId, Credential.pin("guest-2", "1357"), DEADLINE, "pms"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.detail()).contains("DUPLICATE (0x02)");
    }

    @Test
    void givenMalformedOrUnsupportedCredentials_whenSet_thenInvalidOrUnsupportedAndNothingIsSent() {
        assertThat(site.run(LockCommand.setCredential(lockId, Credential.pin("g", "12-34"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.INVALID);
        assertThat(site.run(LockCommand.setCredential(lockId, Credential.mobileKey("jti-9"), DEADLINE, "pms")).outcome())
                .isEqualTo(Outcome.UNSUPPORTED);
        assertThat(lock.received(SimulatedDoorLock.SET_PIN_CODE)).isZero();
    }

    @Test
    void givenALock_whenQueried_thenItsAttributesAreRead() {
        lock.doorState(SimulatedDoorLock.DOOR_OPEN);
        events.awaitEvent(lockId, LockEventType.DOOR_OPENED);

        LockResult result = site.run(LockCommand.of(CommandType.QUERY_STATE, lockId, DEADLINE, "console"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.LOCKED);
        assertThat(result.state().door()).isEqualTo(DoorState.OPEN);
        assertThat(result.state().batteryPercent()).isEqualTo(100);
        assertThat(result.state().lockdown()).isFalse();
        assertThat(lock.received(SimulatedDoorLock.READ_DOOR_LOCK_ATTRIBUTES)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void givenALockWithPrivacyMode_whenLockdownOnAndOff_thenTheOperatingModeIsWrittenAndReported() {
        assertThat(site.run(LockCommand.of(CommandType.LOCKDOWN_ON, lockId, DEADLINE, "security")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.operatingMode()).isEqualTo(SimulatedDoorLock.MODE_PRIVACY);
        events.awaitEvent(lockId, LockEventType.LOCKDOWN_CHANGED, e -> "true".equals(e.attributes().get("lockdown")));
        LockResult refused = site.run(LockCommand.unlock(lockId, null, DEADLINE, "guest"));
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.detail()).contains("NOT_AUTHORIZED");

        assertThat(site.run(LockCommand.of(CommandType.LOCKDOWN_OFF, lockId, DEADLINE, "security")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(lock.operatingMode()).isEqualTo(SimulatedDoorLock.MODE_NORMAL);
        events.awaitEvent(lockId, LockEventType.LOCKDOWN_CHANGED, e -> "false".equals(e.attributes().get("lockdown")));
    }

    @Test
    void givenALockWithoutPrivacyMode_whenLockdownOn_thenUnsupportedWithAClearReason() {
        lock.supportedOperatingModes(0b1);

        LockResult result = site.run(LockCommand.of(CommandType.LOCKDOWN_ON, lockId, DEADLINE, "security"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNSUPPORTED);
        assertThat(result.detail()).contains("Privacy operating mode");
    }

    @Test
    void givenAJammedBolt_whenLocked_thenJammedWithTheJamAlarm() {
        lock.jammed(true);

        LockResult result = site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.JAMMED);
        events.awaitEvent(lockId, LockEventType.JAMMED);
        await().until(() -> lock.unacknowledgedUplinks() == 0);
    }
}
