package com.nexefii.cloud.application;

/** Realm roles of the Keycloak realm {@code nexefii}, delivered in the token's {@code groups} claim. */
public final class Roles {
    public static final String GUEST = "guest";
    public static final String STAFF = "staff";
    public static final String PROPERTY_ADMIN = "property-admin";
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
