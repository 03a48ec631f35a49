package com.nexefii.cloud.domain.model;

import java.util.regex.Pattern;

/**
 * Identifiers that travel in MQTT topic segments and URLs (property, gateway, zone ids) share
 * the MQTT contract's slug shape, so that no id can smuggle a topic wildcard, a path separator or SQL into either.
 */
public final class TenantIds {

    public static final String PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private TenantIds() {
    }

    public static String require(String kind, String value) {
        if (value == null || !COMPILED.matcher(value).matches()) {
            throw new IllegalArgumentException(kind + " must match " + PATTERN + " but was '" + value + "'");
        }
        return value;
    }

    /** Lock ids come from the lock protocols and are wider than slugs (MQTT contract {@code lockId}). */
    public static final String LOCK_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";
    private static final Pattern LOCK_COMPILED = Pattern.compile(LOCK_PATTERN);

    public static String requireLock(String value) {
        if (value == null || !LOCK_COMPILED.matcher(value).matches()) {
            throw new IllegalArgumentException("lockId must match " + LOCK_PATTERN + " but was '" + value + "'");
        }
        return value;
    }

    public static boolean isValidLock(String value) {
        return value != null && LOCK_COMPILED.matcher(value).matches();
    }

    public static boolean isValid(String value) {
        return value != null && COMPILED.matcher(value).matches();
    }
}
