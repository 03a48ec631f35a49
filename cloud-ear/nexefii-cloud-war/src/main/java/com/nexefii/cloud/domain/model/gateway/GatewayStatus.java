package com.nexefii.cloud.domain.model.gateway;

public enum GatewayStatus {
    /** Registered but never connected. */
    REGISTERED,
    ONLINE,
    OFFLINE
}
