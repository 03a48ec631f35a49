package com.nexefii.cloud.domain.model.rollout;

public enum RolloutState {
    RUNNING, COMPLETED, STOPPED,
    /** A platform admin cancelled it: no gateway after the current one gets the command. */
    CANCELLED
}
