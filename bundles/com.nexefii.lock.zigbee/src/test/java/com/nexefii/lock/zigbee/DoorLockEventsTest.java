package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.zigbee.DoorLockEvents.Event;

/** What the lock reports, as lock API events. */
class DoorLockEventsTest {

    @ParameterizedTest(name = "given source {0} code {1}, then {2} by {3}")
    @CsvSource({
            "0, 2, UNLOCKED,      pin",
            "1, 1, LOCKED,        remote",
            "2, 14, UNLOCKED,     manual",
            "3, 2, UNLOCKED,      card",
            "255, 10, LOCKED,     auto",
            "2, 9, UNLOCKED,      key",
            "0, 5, ACCESS_DENIED, pin",
            "3, 6, ACCESS_DENIED, card" })
    void givenAnOperationEvent_thenTheMatchingEventAndMethod(int source, int code, LockEventType type, String method) {
        List<Event> events = DoorLockEvents.operation(source, code, 3, (t, slot) -> Optional.empty());

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.attributes()).containsEntry("method", method);
        });
    }

    @Test
    void givenAKeypadUnlockByAKnownSlot_thenTheEventNamesTheCredential() {
        List<Event> events = DoorLockEvents.operation(0, 2, 4,
                (type, slot) -> type == CredentialType.PIN && slot == 4 ? Optional.of("guest-42") : Optional.empty());

        assertThat(events.get(0).attributes()).containsEntry("credentialId", "guest-42").containsEntry("zigbeeUserId", "4");
    }

    @Test
    void givenAnOperationWithoutMeaningForAccess_thenNoEvent() {
        assertThat(DoorLockEvents.operation(1, 0x0F, 0, (t, s) -> Optional.empty())).isEmpty();
    }

    @ParameterizedTest(name = "given alarm {0}, then {1}")
    @CsvSource({ "0, JAMMED", "1, TAMPER", "4, TAMPER", "5, TAMPER", "6, DOOR_FORCED" })
    void givenADoorLockAlarm_thenTheMatchingEvent(int code, LockEventType type) {
        assertThat(DoorLockEvents.alarm(code, 0x0101)).extracting(Event::type).containsExactly(type);
    }

    @Test
    void givenAnAlarmOfAnotherClusterOrAnInformationalCode_thenNoEvent() {
        assertThat(DoorLockEvents.alarm(0, 0x0001)).isEmpty();
        assertThat(DoorLockEvents.alarm(3, 0x0101)).isEmpty();
    }

    @ParameterizedTest(name = "given door state {0}, then {1}")
    @CsvSource({ "0, DOOR_OPENED", "1, DOOR_CLOSED", "2, JAMMED", "3, DOOR_FORCED", "5, DOOR_AJAR" })
    void givenADoorState_thenTheMatchingEvent(int value, LockEventType type) {
        assertThat(DoorLockEvents.doorState(value)).extracting(Event::type).containsExactly(type);
    }

    @Test
    void givenBatteryReports_thenLowOnlyWhenCrossingTheThreshold() {
        assertThat(DoorLockEvents.battery(50, -1, 20)).extracting(Event::type).containsExactly(LockEventType.BATTERY_LEVEL);
        assertThat(DoorLockEvents.battery(19, 50, 20)).extracting(Event::type)
                .containsExactly(LockEventType.BATTERY_LEVEL, LockEventType.BATTERY_LOW);
        assertThat(DoorLockEvents.battery(10, 19, 20)).extracting(Event::type).containsExactly(LockEventType.BATTERY_LEVEL);
        assertThat(DoorLockEvents.battery(10, -1, 20)).extracting(Event::type)
                .containsExactly(LockEventType.BATTERY_LEVEL, LockEventType.BATTERY_LOW);
        assertThat(DoorLockEvents.battery(-1, 50, 20)).isEmpty();
    }

    @Test
    void givenBatteryPercentageRemaining_thenHalfPercentUnitsAreConverted() {
        assertThat(DoorLockEvents.batteryPercent(200)).isEqualTo(100);
        assertThat(DoorLockEvents.batteryPercent(31)).isEqualTo(16);
        assertThat(DoorLockEvents.batteryPercent(0xFF)).isEqualTo(-1);
    }
}
