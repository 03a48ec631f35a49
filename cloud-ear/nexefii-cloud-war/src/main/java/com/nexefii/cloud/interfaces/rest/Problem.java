package com.nexefii.cloud.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** RFC 9457 problem details; {@code errors} lists the fields that failed validation. */
@JsonbPropertyOrder({ "type", "title", "status", "detail", "instance", "errors" })
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}
