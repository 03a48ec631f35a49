package com.nexefii.lock.api;

/** What a {@link LockCommand} asks a lock to do. */
public enum CommandType {
    /** Throw the bolt. */
    LOCK,
    /** Retract the bolt; the lock relocks itself after {@link LockCommand#relockAfter()}. */
    UNLOCK,
    /** Enter lockdown: only lockdown-override credentials open the door. */
    LOCKDOWN_ON,
    /** Leave lockdown. */
    LOCKDOWN_OFF,
    /** Store a credential (PIN, card, mobile key id) in the lock for offline use. */
    SET_CREDENTIAL,
    /** Remove a credential from the lock. */
    CLEAR_CREDENTIAL,
    /** Read the bolt, door, lockdown and battery state. */
    QUERY_STATE
}
