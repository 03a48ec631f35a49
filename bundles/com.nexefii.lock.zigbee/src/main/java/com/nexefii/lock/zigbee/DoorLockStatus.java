package com.nexefii.lock.zigbee;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Outcome;

/**
 * What a door lock's own status code means for the gateway.
 *
 * <p>Door Lock command responses carry a one-byte status: ZCL 8 names 0-3 SUCCESS, FAILURE,
 * DUPLICATE and OCCUPIED and reuses the general ZCL codes above 0x7E (NOT_AUTHORIZED,
 * INVALID_FIELD, RESOURCE_EXHAUSTED, NOT_FOUND, ...). The same general codes come back in a
 * Default Response when a lock does not support a command at all.
 */
final class DoorLockStatus {

    static final int SUCCESS = 0x00;
    static final int FAILURE = 0x01;
    static final int DUPLICATE = 0x02;
    static final int OCCUPIED = 0x03;
    static final int NOT_AUTHORIZED = 0x7E;
    static final int MALFORMED_COMMAND = 0x80;
    static final int UNSUP_CLUSTER_COMMAND = 0x81;
    static final int UNSUP_GENERAL_COMMAND = 0x82;
    static final int INVALID_FIELD = 0x85;
    static final int UNSUPPORTED_ATTRIBUTE = 0x86;
    static final int INVALID_VALUE = 0x87;
    static final int READ_ONLY = 0x88;
    static final int INSUFFICIENT_SPACE = 0x89;
    static final int NOT_FOUND = 0x8B;
    static final int ACTION_DENIED = 0x93;
    static final int TIMEOUT = 0x94;

    private DoorLockStatus() {
    }

    /** @return the outcome of a command the lock answered with {@code status} */
    static Outcome outcome(CommandType command, int status) {
        switch (status) {
            case SUCCESS:
                return Outcome.OK;
            case NOT_FOUND:
                // clearing a code the lock does not hold leaves the lock as asked
                return command == CommandType.CLEAR_CREDENTIAL ? Outcome.OK : Outcome.REJECTED;
            case MALFORMED_COMMAND:
            case INVALID_FIELD:
            case INVALID_VALUE:
                return Outcome.INVALID;
            case UNSUP_CLUSTER_COMMAND:
            case UNSUP_GENERAL_COMMAND:
            case UNSUPPORTED_ATTRIBUTE:
            case READ_ONLY:
                return Outcome.UNSUPPORTED;
            case TIMEOUT:
                return Outcome.TIMEOUT;
            case FAILURE:
            case DUPLICATE:
            case OCCUPIED:
            case NOT_AUTHORIZED:
            case INSUFFICIENT_SPACE:
            case ACTION_DENIED:
            default:
                return Outcome.REJECTED;
        }
    }

    /** @return the status as operators read it in the audit trail, e.g. {@code DUPLICATE (0x02)} */
    static String describe(int status) {
        return name(status) + String.format(" (0x%02X)", status);
    }

    static String name(int status) {
        switch (status) {
            case SUCCESS:
                return "SUCCESS";
            case FAILURE:
                return "FAILURE";
            case DUPLICATE:
                return "DUPLICATE";
            case OCCUPIED:
                return "OCCUPIED";
            case NOT_AUTHORIZED:
                return "NOT_AUTHORIZED";
            case MALFORMED_COMMAND:
                return "MALFORMED_COMMAND";
            case UNSUP_CLUSTER_COMMAND:
                return "UNSUP_CLUSTER_COMMAND";
            case UNSUP_GENERAL_COMMAND:
                return "UNSUP_GENERAL_COMMAND";
            case INVALID_FIELD:
                return "INVALID_FIELD";
            case UNSUPPORTED_ATTRIBUTE:
                return "UNSUPPORTED_ATTRIBUTE";
            case INVALID_VALUE:
                return "INVALID_VALUE";
            case READ_ONLY:
                return "READ_ONLY";
            case INSUFFICIENT_SPACE:
                return "RESOURCE_EXHAUSTED";
            case NOT_FOUND:
                return "NOT_FOUND";
            case ACTION_DENIED:
                return "ACTION_DENIED";
            case TIMEOUT:
                return "TIMEOUT";
            default:
                return "STATUS";
        }
    }
}
