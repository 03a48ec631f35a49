package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.application.ResourceNotFound;
import java.util.UUID;

/** Path ids that cannot exist are answered like ids that do not exist: 404. */
public final class Ids {

    private Ids() {
    }

    public static UUID uuid(String kind, String value) {
        try {
            if (value == null || !value.matches(ApiConstraints.UUID)) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFound(kind, value);
        }
    }
}
