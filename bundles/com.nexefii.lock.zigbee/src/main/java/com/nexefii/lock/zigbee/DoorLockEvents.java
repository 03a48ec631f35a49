package com.nexefii.lock.zigbee;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockEventType;

/**
 * Turns what a ZigBee door lock reports (operation event notifications, Door Lock alarm codes,
 * the door state and battery attributes) into lock API events.
 */
final class DoorLockEvents {

    /** One event to publish. */
    record Event(LockEventType type, Map<String, String> attributes) {
        Event {
            attributes = Map.copyOf(attributes);
        }
    }

    static final int ALARMS_CLUSTER = 0x0009;
    static final int DOOR_LOCK_CLUSTER = 0x0101;
    static final int POWER_CONFIGURATION_CLUSTER = 0x0001;

    static final int ATTR_LOCK_STATE = 0x0000;
    static final int ATTR_DOOR_STATE = 0x0003;
    static final int ATTR_OPERATING_MODE = 0x0025;
    static final int ATTR_SUPPORTED_OPERATING_MODES = 0x0026;
    static final int ATTR_BATTERY_PERCENTAGE = 0x0021;

    static final int MODE_NORMAL = 0;
    static final int MODE_PRIVACY = 2;

    private DoorLockEvents() {
    }

    /**
     * An Operation Event Notification.
     *
     * @param credentials finds the gateway's credential id for a lock user slot
     */
    static List<Event> operation(int source, int code, int userId,
            BiFunction<CredentialType, Integer, Optional<String>> credentials) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("method", method(source, code));
        attributes.put("zigbeeEventSource", Integer.toString(source));
        attributes.put("zigbeeEventCode", Integer.toString(code));
        CredentialType type = source == 0x00 ? CredentialType.PIN : source == 0x03 ? CredentialType.CARD : null;
        if (type != null) {
            attributes.put("zigbeeUserId", Integer.toString(userId));
            credentials.apply(type, userId).ifPresent(id -> attributes.put("credentialId", id));
        }
        switch (code) {
            case 0x01: // Lock
            case 0x07: // One touch lock
            case 0x08: // Key lock
            case 0x0A: // Auto lock
            case 0x0B: // Schedule lock
            case 0x0D: // Manual lock
                return List.of(new Event(LockEventType.LOCKED, attributes));
            case 0x02: // Unlock
            case 0x09: // Key unlock
            case 0x0C: // Schedule unlock
            case 0x0E: // Manual unlock
                return List.of(new Event(LockEventType.UNLOCKED, attributes));
            case 0x03:
            case 0x05:
                attributes.put("reason", "invalid PIN or id");
                return List.of(new Event(LockEventType.ACCESS_DENIED, attributes));
            case 0x04:
            case 0x06:
                attributes.put("reason", "outside the user's schedule");
                return List.of(new Event(LockEventType.ACCESS_DENIED, attributes));
            default:
                return List.of();
        }
    }

    /** @return the bolt position an operation event leaves behind, if it says */
    static Optional<BoltState> boltAfter(int code) {
        switch (code) {
            case 0x01:
            case 0x07:
            case 0x08:
            case 0x0A:
            case 0x0B:
            case 0x0D:
                return Optional.of(BoltState.LOCKED);
            case 0x02:
            case 0x09:
            case 0x0C:
            case 0x0E:
                return Optional.of(BoltState.UNLOCKED);
            default:
                return Optional.empty();
        }
    }

    private static String method(int source, int code) {
        switch (code) {
            case 0x08:
            case 0x09:
                return "key";
            case 0x0A:
                return "auto";
            case 0x0B:
            case 0x0C:
                return "schedule";
            default:
                break;
        }
        switch (source) {
            case 0x00:
                return "pin";
            case 0x01:
                return "remote";
            case 0x02:
                return "manual";
            case 0x03:
                return "card";
            default:
                return "unknown";
        }
    }

    /** A Door Lock alarm raised through the Alarms cluster; other clusters' alarms are not ours. */
    static List<Event> alarm(int alarmCode, int clusterId) {
        if (clusterId != DOOR_LOCK_CLUSTER) {
            return List.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("zigbeeAlarmCode", Integer.toString(alarmCode));
        switch (alarmCode) {
            case 0x00:
                attributes.put("reason", "deadbolt jammed");
                return List.of(new Event(LockEventType.JAMMED, attributes));
            case 0x01:
                attributes.put("reason", "lock reset to factory defaults");
                return List.of(new Event(LockEventType.TAMPER, attributes));
            case 0x04:
                attributes.put("reason", "wrong code entry limit reached");
                return List.of(new Event(LockEventType.TAMPER, attributes));
            case 0x05:
                attributes.put("reason", "front escutcheon removed");
                return List.of(new Event(LockEventType.TAMPER, attributes));
            case 0x06:
                attributes.put("reason", "door forced open while locked");
                return List.of(new Event(LockEventType.DOOR_FORCED, attributes));
            default:
                return List.of();
        }
    }

    /** The Door State attribute (0x0003); 5 (door ajar) comes from later revisions of the cluster. */
    static List<Event> doorState(int value) {
        Map<String, String> attributes = Map.of("zigbeeDoorState", Integer.toString(value));
        switch (value) {
            case 0:
                return List.of(new Event(LockEventType.DOOR_OPENED, attributes));
            case 1:
                return List.of(new Event(LockEventType.DOOR_CLOSED, attributes));
            case 2:
                return List.of(new Event(LockEventType.JAMMED, Map.of("zigbeeDoorState", "2", "reason", "door jammed")));
            case 3:
                return List.of(new Event(LockEventType.DOOR_FORCED, attributes));
            case 5:
                return List.of(new Event(LockEventType.DOOR_AJAR, attributes));
            default:
                return List.of();
        }
    }

    static DoorState door(int value) {
        switch (value) {
            case 0:
            case 3:
                return DoorState.OPEN;
            case 1:
                return DoorState.CLOSED;
            case 5:
                return DoorState.AJAR;
            default:
                return DoorState.UNKNOWN;
        }
    }

    static BoltState bolt(int lockState) {
        switch (lockState) {
            case 0:
                return BoltState.JAMMED;
            case 1:
                return BoltState.LOCKED;
            case 2:
                return BoltState.UNLOCKED;
            default:
                return BoltState.UNKNOWN;
        }
    }

    /** @return the percentage of a BatteryPercentageRemaining value (half percent units), -1 if invalid */
    static int batteryPercent(int halfPercent) {
        if (halfPercent < 0 || halfPercent > 200) {
            return -1;
        }
        return (halfPercent + 1) / 2;
    }

    /**
     * A battery report: always the level; BATTERY_LOW when it falls below the threshold from at or
     * above it (or from unknown), so a lock reporting every hour does not raise the alarm hourly.
     */
    static List<Event> battery(int percent, int previousPercent, int lowThresholdPercent) {
        if (percent < 0) {
            return List.of();
        }
        Event level = new Event(LockEventType.BATTERY_LEVEL, Map.of("percent", Integer.toString(percent)));
        boolean crossed = percent < lowThresholdPercent
                && (previousPercent < 0 || previousPercent >= lowThresholdPercent);
        if (!crossed) {
            return List.of(level);
        }
        return List.of(level, new Event(LockEventType.BATTERY_LOW,
                Map.of("percent", Integer.toString(percent), "threshold", Integer.toString(lowThresholdPercent))));
    }
}
