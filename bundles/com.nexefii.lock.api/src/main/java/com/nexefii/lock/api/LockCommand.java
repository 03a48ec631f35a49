package com.nexefii.lock.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to one lock, with the deadline by which it must be done.
 *
 * @param commandId unique id; the cloud's id for remote commands, so results correlate and replays
 *     are recognised
 * @param lockId the target lock
 * @param type what to do
 * @param deadline when the caller stops waiting; adapters answer {@link Outcome#TIMEOUT} then
 * @param relockAfter for {@link CommandType#UNLOCK}: how long the bolt stays retracted; {@code null}
 *     for the lock's own default
 * @param credential for {@link CommandType#SET_CREDENTIAL} and {@link CommandType#CLEAR_CREDENTIAL}
 * @param requestedBy who asked (user subject, credential id, {@code cloud}, {@code local-api}), for
 *     the audit trail
 */
public record LockCommand(
        String commandId,
        String lockId,
        CommandType type,
        Instant deadline,
        Duration relockAfter,
        Credential credential,
        String requestedBy) {

    public LockCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deadline, "deadline");
        if ((type == CommandType.SET_CREDENTIAL || type == CommandType.CLEAR_CREDENTIAL) && credential == null) {
            throw new IllegalArgumentException(type + " needs a credential");
        }
        if (relockAfter != null && (relockAfter.isNegative() || relockAfter.isZero())) {
            throw new IllegalArgumentException("relockAfter must be positive: " + relockAfter);
        }
    }

    /** @return a command of the given type with a fresh id and a deadline {@code timeout} from now */
    public static LockCommand of(CommandType type, String lockId, Duration timeout, String requestedBy) {
        return new LockCommand(UUID.randomUUID().toString(), lockId, type, Instant.now().plus(timeout), null, null,
                requestedBy);
    }

    public static LockCommand unlock(String lockId, Duration relockAfter, Duration timeout, String requestedBy) {
        return new LockCommand(UUID.randomUUID().toString(), lockId, CommandType.UNLOCK, Instant.now().plus(timeout),
                relockAfter, null, requestedBy);
    }

    public static LockCommand setCredential(String lockId, Credential credential, Duration timeout,
            String requestedBy) {
        return new LockCommand(UUID.randomUUID().toString(), lockId, CommandType.SET_CREDENTIAL,
                Instant.now().plus(timeout), null, credential, requestedBy);
    }

    public static LockCommand clearCredential(String lockId, Credential credential, Duration timeout,
            String requestedBy) {
        return new LockCommand(UUID.randomUUID().toString(), lockId, CommandType.CLEAR_CREDENTIAL,
                Instant.now().plus(timeout), null, credential, requestedBy);
    }

    /** @return the time left before the deadline, zero when it has passed */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** @return true when the deadline has passed */
    public boolean expired() {
        return !Instant.now().isBefore(deadline);
    }
}
