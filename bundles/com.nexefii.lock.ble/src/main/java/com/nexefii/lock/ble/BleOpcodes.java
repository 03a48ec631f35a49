package com.nexefii.lock.ble;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.Outcome;

/** The application layer carried inside {@link SecureFrame}s: opcodes, status and event codes. */
final class BleOpcodes {

    static final int LOCK = 0x01;
    static final int UNLOCK = 0x02;
    static final int LOCKDOWN_ON = 0x03;
    static final int LOCKDOWN_OFF = 0x04;
    static final int SET_CREDENTIAL = 0x05;
    static final int CLEAR_CREDENTIAL = 0x06;
    static final int QUERY_STATE = 0x07;

    static final int STATUS_OK = 0x00;
    static final int STATUS_JAMMED = 0x01;
    static final int STATUS_REJECTED = 0x02;
    static final int STATUS_UNSUPPORTED = 0x03;
    static final int STATUS_MEMORY_FULL = 0x04;
    static final int STATUS_LOCKDOWN = 0x05;

    static final int EVENT_DOOR_OPENED = 0x01;
    static final int EVENT_DOOR_CLOSED = 0x02;
    static final int EVENT_DOOR_AJAR = 0x03;
    static final int EVENT_DOOR_FORCED = 0x04;
    static final int EVENT_JAMMED = 0x05;
    static final int EVENT_TAMPER = 0x06;
    static final int EVENT_BATTERY = 0x07;
    static final int EVENT_LOCKED = 0x08;
    static final int EVENT_UNLOCKED_KEYPAD = 0x09;

    private BleOpcodes() {
    }

    static int opcode(CommandType type) {
        return switch (type) {
            case LOCK -> LOCK;
            case UNLOCK -> UNLOCK;
            case LOCKDOWN_ON -> LOCKDOWN_ON;
            case LOCKDOWN_OFF -> LOCKDOWN_OFF;
            case SET_CREDENTIAL -> SET_CREDENTIAL;
            case CLEAR_CREDENTIAL -> CLEAR_CREDENTIAL;
            case QUERY_STATE -> QUERY_STATE;
        };
    }

    static Outcome outcome(int status) {
        return switch (status) {
            case STATUS_OK -> Outcome.OK;
            case STATUS_JAMMED -> Outcome.JAMMED;
            case STATUS_UNSUPPORTED -> Outcome.UNSUPPORTED;
            default -> Outcome.REJECTED;
        };
    }

    static String statusText(int status) {
        return switch (status) {
            case STATUS_OK -> "ok";
            case STATUS_JAMMED -> "bolt jammed";
            case STATUS_REJECTED -> "rejected by lock";
            case STATUS_UNSUPPORTED -> "not supported by lock";
            case STATUS_MEMORY_FULL -> "credential memory full";
            case STATUS_LOCKDOWN -> "lock is in lockdown";
            default -> "lock status 0x" + Integer.toHexString(status);
        };
    }

    static LockEventType eventType(int code) {
        return switch (code) {
            case EVENT_DOOR_OPENED -> LockEventType.DOOR_OPENED;
            case EVENT_DOOR_CLOSED -> LockEventType.DOOR_CLOSED;
            case EVENT_DOOR_AJAR -> LockEventType.DOOR_AJAR;
            case EVENT_DOOR_FORCED -> LockEventType.DOOR_FORCED;
            case EVENT_JAMMED -> LockEventType.JAMMED;
            case EVENT_TAMPER -> LockEventType.TAMPER;
            case EVENT_BATTERY -> LockEventType.BATTERY_LEVEL;
            case EVENT_LOCKED -> LockEventType.LOCKED;
            case EVENT_UNLOCKED_KEYPAD -> LockEventType.UNLOCKED;
            default -> null;
        };
    }

    static BoltState bolt(int b) {
        return switch (b) {
            case 1 -> BoltState.LOCKED;
            case 2 -> BoltState.UNLOCKED;
            case 3 -> BoltState.JAMMED;
            default -> BoltState.UNKNOWN;
        };
    }

    static DoorState door(int d) {
        return switch (d) {
            case 1 -> DoorState.CLOSED;
            case 2 -> DoorState.OPEN;
            case 3 -> DoorState.AJAR;
            default -> DoorState.UNKNOWN;
        };
    }
}
