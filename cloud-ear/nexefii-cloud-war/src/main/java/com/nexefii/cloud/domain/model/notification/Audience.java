package com.nexefii.cloud.domain.model.notification;

import java.util.Objects;

/**
 * Who receives a notification within its property: one user (by user name, as tokens and stays
 * name them) or the property's staff (roles staff and property-admin).
 */
public record Audience(Kind kind, String name) {

    public enum Kind { USER, STAFF }

    public static final Audience STAFF = new Audience(Kind.STAFF, "staff");

    public Audience {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank() || name.length() > 256) {
            throw new IllegalArgumentException("audience name must have 1..256 characters");
        }
    }

    public static Audience user(String userName) {
        return new Audience(Kind.USER, userName);
    }
}
