package com.nexefii.cloud.interfaces.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Exception mappers, each only delegating to {@link Problems}. Several are needed because JAX-RS
 * picks the mapper nearest to the exception type, and the runtime ships its own for validation and
 * web exceptions.
 */
public final class ProblemMappers {

    /** Request attribute holding the mapped failure, for the response filters (refusal audit). */
    public static final String FAILURE_ATTRIBUTE = "com.nexefii.cloud.failure";

    private ProblemMappers() {
    }

    static Response map(Throwable e, UriInfo uri, HttpServletRequest request) {
        if (request != null) {
            request.setAttribute(FAILURE_ATTRIBUTE, e);
        }
        return Problems.of(e, uri);
    }

    @Provider
    public static class ForAny implements ExceptionMapper<Throwable> {
        @Context
        UriInfo uri;
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(Throwable e) {
            return map(e, uri, request);
        }
    }

    @Provider
    public static class ForValidation implements ExceptionMapper<ValidationException> {
        @Context
        UriInfo uri;
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(ValidationException e) {
            return map(e, uri, request);
        }
    }

    @Provider
    public static class ForWeb implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(WebApplicationException e) {
            return map(e, uri, request);
        }
    }
}
