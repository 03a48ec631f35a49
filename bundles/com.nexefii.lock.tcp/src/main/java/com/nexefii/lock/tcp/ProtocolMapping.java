package com.nexefii.lock.tcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.tcp.protocol.Bolt;
import com.nexefii.lock.tcp.protocol.CommandRequest;
import com.nexefii.lock.tcp.protocol.CredentialKind;
import com.nexefii.lock.tcp.protocol.Door;
import com.nexefii.lock.tcp.protocol.EventCode;
import com.nexefii.lock.tcp.protocol.Opcode;
import com.nexefii.lock.tcp.protocol.Status;
import com.nexefii.lock.tcp.protocol.UnitState;

/** The one place where lock API terms and protocol terms meet. */
final class ProtocolMapping {

    /** Attributes a controller may attach to an event; anything else is dropped, never forwarded. */
    static final Set<String> EVENT_ATTRIBUTES = Set.of("credentialId", "method", "reason", "percent", "lockdown",
            "model");

    private ProtocolMapping() {
    }

    static Optional<Opcode> opcode(CommandType type) {
        return Optional.ofNullable(switch (type) {
            case LOCK -> Opcode.LOCK;
            case UNLOCK -> Opcode.UNLOCK;
            case LOCKDOWN_ON -> Opcode.LOCKDOWN_ON;
            case LOCKDOWN_OFF -> Opcode.LOCKDOWN_OFF;
            case SET_CREDENTIAL -> Opcode.SET_CREDENTIAL;
            case CLEAR_CREDENTIAL -> Opcode.CLEAR_CREDENTIAL;
            case QUERY_STATE -> Opcode.QUERY_STATE;
        });
    }

    static CredentialKind credentialKind(Credential credential) {
        if (credential == null) {
            return CredentialKind.NONE;
        }
        return switch (credential.type()) {
            case PIN -> CredentialKind.PIN;
            case CARD -> CredentialKind.CARD;
            case MOBILE_KEY -> CredentialKind.MOBILE_KEY;
        };
    }

    /**
     * @return why the command cannot be put on the wire, or empty when it can
     */
    static Optional<String> invalidReason(CommandType type, Duration relockAfter, Credential credential) {
        if (relockAfter != null && relockAfter.toSeconds() > 0xFFFF) {
            return Optional.of("relockAfter longer than " + 0xFFFF + " s");
        }
        if (credential != null) {
            if (credential.id().getBytes(StandardCharsets.UTF_8).length > CommandRequest.MAX_ID_BYTES) {
                return Optional.of("credential id longer than " + CommandRequest.MAX_ID_BYTES + " bytes");
            }
            if (type == CommandType.SET_CREDENTIAL && credential.type() == com.nexefii.lock.api.CredentialType.PIN) {
                if (credential.secret() == null || credential.secret().isEmpty()) {
                    return Optional.of("a PIN credential needs its digits");
                }
                if (credential.secret().length() > 64) {
                    return Optional.of("PIN longer than 64 characters");
                }
            }
        }
        return Optional.empty();
    }

    /** @return whole seconds, rounded up so the door never relocks earlier than asked; 0 for the lock's default */
    static int relockSeconds(Duration relockAfter) {
        if (relockAfter == null) {
            return 0;
        }
        long seconds = relockAfter.toSeconds() + (relockAfter.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(0xFFFF, seconds));
    }

    static Outcome outcome(Status status) {
        return switch (status) {
            case OK -> Outcome.OK;
            case JAMMED -> Outcome.JAMMED;
            case UNKNOWN_UNIT -> Outcome.UNKNOWN_LOCK;
            case UNSUPPORTED -> Outcome.UNSUPPORTED;
            case INVALID_PARAMETERS -> Outcome.INVALID;
            case UNIT_OFFLINE -> Outcome.UNREACHABLE;
            case REJECTED, BUSY, MEMORY_FULL, LOCKDOWN_ACTIVE, INTERNAL_ERROR, UNRECOGNIZED -> Outcome.REJECTED;
        };
    }

    /** @return the lock event for a controller event, empty for unit lifecycle and unrecognized codes */
    static Optional<LockEventType> eventType(EventCode code) {
        return Optional.ofNullable(switch (code) {
            case LOCKED -> LockEventType.LOCKED;
            case UNLOCKED -> LockEventType.UNLOCKED;
            case DOOR_OPENED -> LockEventType.DOOR_OPENED;
            case DOOR_CLOSED -> LockEventType.DOOR_CLOSED;
            case DOOR_AJAR -> LockEventType.DOOR_AJAR;
            case DOOR_FORCED -> LockEventType.DOOR_FORCED;
            case JAMMED -> LockEventType.JAMMED;
            case TAMPER -> LockEventType.TAMPER;
            case BATTERY_LEVEL -> LockEventType.BATTERY_LEVEL;
            case BATTERY_LOW -> LockEventType.BATTERY_LOW;
            case ACCESS_DENIED -> LockEventType.ACCESS_DENIED;
            case ACCESS_GRANTED -> LockEventType.ACCESS_GRANTED;
            case LOCKDOWN_CHANGED -> LockEventType.LOCKDOWN_CHANGED;
            case UNIT_OFFLINE -> LockEventType.LOCK_OFFLINE;
            case UNIT_ONLINE -> LockEventType.LOCK_ONLINE;
            case UNIT_ADDED -> LockEventType.LOCK_ADDED;
            case UNIT_REMOVED -> LockEventType.LOCK_REMOVED;
            case UNRECOGNIZED -> null;
        });
    }

    static LockState lockState(String lockId, UnitState state) {
        return new LockState(lockId, bolt(state.bolt()), door(state.door()), state.lockdown(), state.batteryPercent(),
                true);
    }

    static BoltState bolt(Bolt bolt) {
        return switch (bolt) {
            case LOCKED -> BoltState.LOCKED;
            case UNLOCKED -> BoltState.UNLOCKED;
            case JAMMED -> BoltState.JAMMED;
            case UNKNOWN -> BoltState.UNKNOWN;
        };
    }

    static DoorState door(Door door) {
        return switch (door) {
            case OPEN -> DoorState.OPEN;
            case CLOSED -> DoorState.CLOSED;
            case AJAR -> DoorState.AJAR;
            case UNKNOWN -> DoorState.UNKNOWN;
        };
    }

    /** @return the controller's attributes that the lock API knows, nothing else */
    static Map<String, String> allowedAttributes(Map<String, String> fromController) {
        Map<String, String> kept = new java.util.HashMap<>();
        fromController.forEach((key, value) -> {
            if (EVENT_ATTRIBUTES.contains(key)) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
