package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.application.ApplicationFailure;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP answers (application/problem+json). */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    public static final String TYPE_BASE = "https://nexefii.com/problems/";

    private Problems() {
    }

    public static Response of(Throwable failure, UriInfo uri) {
        String instance = uri == null ? null : uri.getRequestUri().getPath();
        if (failure instanceof ApplicationFailure f) {
            return response(new Problem(TYPE_BASE + f.type(), f.title(), f.status(), f.getMessage(), instance, null));
        }
        if (failure instanceof ConstraintViolationException cve) {
            List<Problem.FieldError> errors = cve.getConstraintViolations().stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> new Problem.FieldError(field(v), v.getMessage())).toList();
            return response(new Problem(TYPE_BASE + "validation", "Request validation failed", 400,
                    errors.size() + " field(s) invalid", instance, errors));
        }
        if (failure instanceof jakarta.ws.rs.ProcessingException || failure instanceof jakarta.json.bind.JsonbException
                || failure instanceof jakarta.json.JsonException) {
            return response(new Problem(TYPE_BASE + "malformed-body", "Malformed request body", 400,
                    "the body is not JSON of the expected shape (ISO-8601 instants, known enum values)", instance, null));
        }
        if (failure instanceof WebApplicationException wae && unreadableParameter(wae) != null) {
            return response(new Problem(TYPE_BASE + "invalid-parameter", "Invalid parameter", 400, "parameter "
                    + unreadableParameter(wae) + " is not of the expected type (a number, an ISO-8601 instant, ...)",
                    instance, null));
        }
        if (failure instanceof WebApplicationException wae) {
            int status = wae.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known == null ? "HTTP " + status : known.getReasonPhrase();
            String detail = status == 400 ? "malformed request body or parameter" : title;
            if (status == 401) {
                return Response.fromResponse(response(new Problem(TYPE_BASE + "unauthorized", "Unauthorized", 401,
                        "a valid bearer token is required", instance, null)))
                        .header("WWW-Authenticate", "Bearer realm=\"nexefii\"").build();
            }
            if (status == 403) {
                return response(new Problem(TYPE_BASE + "forbidden", "Forbidden", 403,
                        "your role does not allow this operation", instance, null));
            }
            return response(new Problem(TYPE_BASE + slug(status), title, status, detail, instance, null));
        }
        LOG.error("Unexpected failure answering {}", instance, failure);
        return response(new Problem(TYPE_BASE + "internal", "Internal error", 500,
                "the request could not be completed", instance, null));
    }

    public static Response response(Problem problem) {
        return responseBuilder(problem).build();
    }

    public static Response.ResponseBuilder responseBuilder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /**
     * The name of a query, header, cookie or form parameter the runtime could not convert (JAX-RS
     * answers 404 for a query parameter, as if the resource did not exist), or null. The runtime's
     * exception (Jersey's ParamException) is read reflectively: the WAR does not compile against it.
     */
    static String unreadableParameter(WebApplicationException e) {
        if (e.getCause() == null) {
            return null;
        }
        try {
            Object type = e.getClass().getMethod("getParameterType").invoke(e);
            Object name = e.getClass().getMethod("getParameterName").invoke(e);
            if (type == jakarta.ws.rs.PathParam.class || !(name instanceof String n)) {
                return null; // an unreadable path segment names no resource: 404 stays right
            }
            return n.length() > 64 ? n.substring(0, 64) : n;
        } catch (ReflectiveOperationException | RuntimeException notAParameterFailure) {
            return null;
        }
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "method.arg2.holder" -> "holder": the method and argument position mean nothing to a client
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
