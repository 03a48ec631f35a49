package com.nexefii.lock.zigbee.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.testing.RecordingListener;

/** Everything a lock reports on its own, through the real event publisher. */
@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
class ZigbeeEventsInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private ZigbeeSite site;
    private SimulatedDoorLock lock;
    private String lockId;
    private RecordingListener events;

    @BeforeEach
    void givenAWingWithOneInstalledLock(TestInfo test) throws Exception {
        events = new RecordingListener(context);
        site = ZigbeeSite.withLocks(context, configAdmin, "evt" + Math.abs(test.getDisplayName().hashCode() % 100000),
                1, Map.of("batteryLowPercent", 25));
        lock = site.locks().get(0);
        lockId = ZigbeeSite.lockId(lock);
    }

    @AfterEach
    void tearDown() throws Exception {
        events.close();
        site.close();
    }

    @Test
    void givenLocalOperation_whenTheLockNotifies_thenLockedAndUnlockedWithTheMethod() {
        lock.operate(SimulatedDoorLock.SOURCE_MANUAL, SimulatedDoorLock.EVENT_MANUAL_UNLOCK, 0);
        lock.operate(SimulatedDoorLock.SOURCE_MANUAL, SimulatedDoorLock.EVENT_LOCK, 0);

        LockEvent unlocked = events.awaitEvent(lockId, LockEventType.UNLOCKED);
        LockEvent locked = events.awaitEvent(lockId, LockEventType.LOCKED);
        assertThat(unlocked.attributes()).containsEntry("method", "manual");
        assertThat(locked.propertyId()).isEqualTo("hotel-it");
        assertThat(locked.gatewayId()).isEqualTo("gw-it");
    }

    @Test
    void givenDoorLockAlarms_thenJammedForcedAndTamperEvents() {
        lock.raiseAlarm(SimulatedDoorLock.ALARM_DEADBOLT_JAMMED);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_FORCED_DOOR_OPEN);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_FRONT_ESCUTCHEON_REMOVED);

        events.awaitEvent(lockId, LockEventType.JAMMED);
        events.awaitEvent(lockId, LockEventType.DOOR_FORCED);
        assertThat(events.awaitEvent(lockId, LockEventType.TAMPER).attributes())
                .containsEntry("reason", "front escutcheon removed");
        await().until(() -> lock.unacknowledgedUplinks() == 0);
        assertThat(events.of(lockId, LockEventType.DOOR_FORCED)).hasSize(1);
    }

    @Test
    void givenTheDoorSensor_thenOpenedAjarAndClosed() {
        lock.doorState(SimulatedDoorLock.DOOR_OPEN);
        events.awaitEvent(lockId, LockEventType.DOOR_OPENED);
        lock.doorState(SimulatedDoorLock.DOOR_AJAR);
        events.awaitEvent(lockId, LockEventType.DOOR_AJAR);
        lock.doorState(SimulatedDoorLock.DOOR_CLOSED);
        events.awaitEvent(lockId, LockEventType.DOOR_CLOSED);
    }

    @Test
    void givenBatteryReports_thenLevelEachTimeAndLowOnceBelowTheConfiguredThreshold() {
        lock.batteryPercent(40);
        events.awaitEvent(lockId, LockEventType.BATTERY_LEVEL, e -> "40".equals(e.attributes().get("percent")));
        lock.batteryPercent(24);
        assertThat(events.awaitEvent(lockId, LockEventType.BATTERY_LOW).attributes()).containsEntry("threshold", "25");
        lock.batteryPercent(20);
        events.awaitEvent(lockId, LockEventType.BATTERY_LEVEL, e -> "20".equals(e.attributes().get("percent")));
        await().until(() -> lock.unacknowledgedUplinks() == 0);

        assertThat(events.of(lockId, LockEventType.BATTERY_LOW)).hasSize(1);
        assertThat(events.of(lockId, LockEventType.BATTERY_LEVEL)).hasSizeGreaterThanOrEqualTo(3);
    }
}
