package com.nexefii.cloud.application;

/** Also the answer for another property's resources: their existence is not disclosed. */
public class ResourceNotFound extends ApplicationFailure {
    public ResourceNotFound(String kind, Object id) {
        super(404, "not-found", "Resource not found", kind + " " + id + " not found");
    }
}
