package com.nexefii.cloud.application;

public class InvalidRequest extends ApplicationFailure {
    public InvalidRequest(String detail) {
        super(400, "invalid-request", "Invalid request", detail);
    }
}
