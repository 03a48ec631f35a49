package com.nexefii.lock.api;

/** What happened. Each type has a fixed {@link Priority}. */
public enum LockEventType {
    LOCKED(Priority.NORMAL),
    /** Attributes: {@code credentialId}, {@code method} (pin, card, mobile-key, remote, manual, local-api). */
    UNLOCKED(Priority.NORMAL),
    /** An access decision allowed a credential. Attributes: {@code credentialId}, {@code reason}. */
    ACCESS_GRANTED(Priority.SECURITY),
    /** An access attempt was refused. Attributes: {@code credentialId}, {@code reason}. */
    ACCESS_DENIED(Priority.SECURITY),
    DOOR_OPENED(Priority.NORMAL),
    DOOR_CLOSED(Priority.NORMAL),
    /** The door stayed open longer than allowed. */
    DOOR_AJAR(Priority.SECURITY),
    /** The door opened while the bolt was thrown. */
    DOOR_FORCED(Priority.SECURITY),
    JAMMED(Priority.SECURITY),
    TAMPER(Priority.SECURITY),
    /** Attribute {@code percent}. */
    BATTERY_LEVEL(Priority.TELEMETRY),
    /** Attribute {@code percent}. */
    BATTERY_LOW(Priority.NORMAL),
    LOCK_OFFLINE(Priority.NORMAL),
    LOCK_ONLINE(Priority.NORMAL),
    /** Attribute {@code lockdown} (true/false). */
    LOCKDOWN_CHANGED(Priority.SECURITY),
    /** Attributes: {@code commandId}, {@code commandType}, {@code outcome}, {@code detail}. */
    COMMAND_RESULT(Priority.NORMAL),
    /** A lock joined the gateway (installed). */
    LOCK_ADDED(Priority.NORMAL),
    /** A lock left the gateway (removed). */
    LOCK_REMOVED(Priority.NORMAL),
    /** A gateway-level alarm (storage full, rollback, ...). Attribute {@code alarm}. */
    GATEWAY_ALARM(Priority.SECURITY),
    /**
     * A stage or the result of a cloud-requested package install (contract channel {@code pkg}). Attributes:
     * {@code commandId}, {@code stage}, {@code package}, {@code version}, and {@code detail} or {@code reason}.
     */
    PACKAGE_INSTALL(Priority.NORMAL);

    private final Priority priority;

    LockEventType(Priority priority) {
        this.priority = priority;
    }

    public Priority priority() {
        return priority;
    }
}
