package com.nexefii.cloud.domain.model.rollout;

public enum RolloutState {
    RUNNING, COMPLETED, STOPPED
}
