package com.nexefii.cloud.interfaces.rest;

/** Patterns of path and header values, checked before any use case runs. */
public final class ApiConstraints {
    public static final String SLUG = "^[a-z0-9][a-z0-9-]{0,62}$";
    public static final String LOCK_ID = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";
    public static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public static final String IDEMPOTENCY_KEY = "^[A-Za-z0-9._:-]{8,128}$";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private ApiConstraints() {
    }
}
