package com.nexefii.cloud.connector.mqtt;

import java.time.Instant;

import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.Outcome;

/** What validation made of a {@code cmd} message. */
sealed interface CommandCheck {

    /** Valid and addressed to this gateway; still to check: replay and lock ownership. */
    record Accepted(LockCommand command, Instant expiresAt) implements CommandCheck {
    }

    /**
     * Refused; answered by a {@code COMMAND_RESULT} event.
     *
     * @param reason counter and log key, e.g. {@code schema}, {@code wrong-gateway}, {@code expired}
     * @param lockId the lock if the payload named a valid one, else null
     * @param commandType the type if valid, else null
     */
    record Rejected(String commandId, String lockId, String commandType, Outcome outcome, String reason, String detail)
            implements CommandCheck {
    }

    /**
     * So broken that no command can be named; answered by a {@code GATEWAY_ALARM} event with
     * {@code alarm=command-rejected}.
     */
    record Unanswerable(String reason, String detail) implements CommandCheck {
    }
}
