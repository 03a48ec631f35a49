package com.nexefii.cloud.domain.model.command;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record Command(UUID commandId, PropertyId propertyId, String gatewayId, String lockId, CommandType type,
        Map<String, String> params, CommandState state, CommandOutcome outcome, String issuedBy, Instant issuedAt,
        Instant expiresAt, Instant sentAt, Instant completedAt, String idempotencyKey) {

    public boolean expiredAt(Instant now) {
        return !state.isFinal() && !now.isBefore(expiresAt);
    }

    /** The state a gateway's result moves this command to. */
    public static CommandState stateFor(CommandOutcome outcome) {
        if (outcome == CommandOutcome.EXPIRED) {
            return CommandState.EXPIRED;
        }
        return outcome.success() ? CommandState.DONE : CommandState.FAILED;
    }
}
