package com.nexefii.cloud.domain.model.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * queued -> sent -> acked -> done | failed, and expired from any non-final state once the TTL has
 * passed. A result may overtake the broker's delivery confirmation, so sent and queued may jump
 * straight to a final state.
 */
public enum CommandState {
    QUEUED, SENT, ACKED, DONE, FAILED, EXPIRED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == EXPIRED;
    }

    public Set<CommandState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(SENT, ACKED, DONE, FAILED, EXPIRED);
            case SENT -> EnumSet.of(ACKED, DONE, FAILED, EXPIRED);
            case ACKED -> EnumSet.of(DONE, FAILED, EXPIRED);
            case DONE, FAILED, EXPIRED -> EnumSet.noneOf(CommandState.class);
        };
    }

    public boolean canMoveTo(CommandState target) {
        return next().contains(target);
    }
}
