package com.nexefii.lock.api;

/**
 * The failure model: how a command ended. Every command ends with exactly one outcome.
 */
public enum Outcome {
    /** The lock did what was asked. */
    OK,
    /** No answer before the command's deadline, retries included. The lock's state is unknown. */
    TIMEOUT,
    /** The lock cannot be reached now (offline, out of radio range, connection lost). */
    UNREACHABLE,
    /** The bolt is mechanically blocked. */
    JAMMED,
    /** The lock answered and refused (bad PIN format, memory full, lockdown, its own error code). */
    REJECTED,
    /** No adapter on this gateway owns the lock. */
    UNKNOWN_LOCK,
    /** The lock or its protocol cannot do this command. */
    UNSUPPORTED,
    /** The command itself is malformed (schema, size, parameters). */
    INVALID,
    /** The command arrived after its deadline and was not executed. */
    EXPIRED,
    /** A command with this id was already executed; it is not executed twice. */
    DUPLICATE,
    /** The adapter stopped (update, configuration change) before the command finished. */
    CANCELLED,
    /** The access policy denied it. */
    DENIED;

    /** @return true only for {@link #OK} */
    public boolean succeeded() {
        return this == OK;
    }
}
