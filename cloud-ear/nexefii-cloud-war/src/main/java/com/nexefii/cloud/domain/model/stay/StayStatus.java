package com.nexefii.cloud.domain.model.stay;

public enum StayStatus { CHECKED_IN, CHECKED_OUT }
