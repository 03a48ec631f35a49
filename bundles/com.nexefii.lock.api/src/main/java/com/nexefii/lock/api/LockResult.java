package com.nexefii.lock.api;

import java.time.Instant;
import java.util.Objects;

/**
 * How one {@link LockCommand} ended.
 *
 * @param commandId the command's id
 * @param lockId the target lock
 * @param outcome how it ended
 * @param state the lock's state after the command when known, else {@code null}
 * @param detail a human-readable reason for operators (the lock's own status code, say); never a secret
 * @param completedAt when the result was known
 */
public record LockResult(String commandId, String lockId, Outcome outcome, LockState state, String detail,
        Instant completedAt) {

    public LockResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    public static LockResult ok(LockCommand command, LockState state) {
        return new LockResult(command.commandId(), command.lockId(), Outcome.OK, state, null, Instant.now());
    }

    public static LockResult failed(LockCommand command, Outcome outcome, String detail) {
        return new LockResult(command.commandId(), command.lockId(), outcome, null, detail, Instant.now());
    }
}
