package com.nexefii.cloud.application;

public class RequestConflict extends ApplicationFailure {
    public RequestConflict(String detail) {
        super(409, "conflict", "Request conflicts with the current state", detail);
    }
}
