package com.nexefii.cloud.domain.model.audit;

public enum Priority { SECURITY, NORMAL, TELEMETRY }
