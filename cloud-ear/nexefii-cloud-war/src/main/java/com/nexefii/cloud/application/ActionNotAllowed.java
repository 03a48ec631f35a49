package com.nexefii.cloud.application;

/** The caller is known and in the right property but may not do this (e.g. open a door outside their stay). */
public class ActionNotAllowed extends ApplicationFailure {
    public ActionNotAllowed(String detail) {
        super(403, "forbidden", "Action not allowed", detail);
    }
}
