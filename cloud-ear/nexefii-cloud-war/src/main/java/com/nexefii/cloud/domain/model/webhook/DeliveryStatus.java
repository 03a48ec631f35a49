package com.nexefii.cloud.domain.model.webhook;

public enum DeliveryStatus { PENDING, DELIVERED, FAILED }
