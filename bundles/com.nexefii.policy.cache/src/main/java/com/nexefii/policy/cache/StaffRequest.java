package com.nexefii.policy.cache;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import com.nexefii.lock.api.CommandType;

/**
 * An authenticated staff member asking to operate a lock.
 *
 * @param subject the staff member's identity (the token's {@code sub}); audited as the credential id
 * @param roles the staff member's roles (the token's {@code groups})
 * @param lockId the lock
 * @param action {@link CommandType#UNLOCK} or {@link CommandType#LOCK}
 * @param time when asked
 */
public record StaffRequest(String subject, Set<String> roles, String lockId, CommandType action, Instant time) {

    public StaffRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(time, "time");
        if (action != CommandType.UNLOCK && action != CommandType.LOCK) {
            throw new IllegalArgumentException("staff requests are UNLOCK or LOCK, not " + action);
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
