package com.nexefii.cloud.interfaces.rest;

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

    private ProblemMappers() {
    }

    @Provider
    public static class ForAny implements ExceptionMapper<Throwable> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(Throwable e) {
            return Problems.of(e, uri);
        }
    }

    @Provider
    public static class ForValidation implements ExceptionMapper<ValidationException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ValidationException e) {
            return Problems.of(e, uri);
        }
    }

    @Provider
    public static class ForWeb implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            return Problems.of(e, uri);
        }
    }
}
