package com.nexefii.cloud.domain.model.command;

/** What a gateway reports for a command (contract `outcome`). */
public enum CommandOutcome {
    OK, TIMEOUT, UNREACHABLE, JAMMED, REJECTED, UNKNOWN_LOCK, UNSUPPORTED, INVALID, EXPIRED, DUPLICATE, CANCELLED, DENIED;

    public boolean success() {
        return this == OK;
    }
}
