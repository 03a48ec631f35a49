package com.nexefii.cloud.interfaces.bench.rest;

import com.nexefii.cloud.application.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Benchmark scenario 5: the same trivial answer with and without authentication, so that the
 * difference between the two is the bearer token's verification and the role check, nothing else.
 * Answers 404 unless {@code nexefii.bench.enabled} is true ({@link BenchSwitch}).
 */
@Path("v1/bench")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bench", description = "Benchmark endpoints, off by default (nexefii.bench.enabled)")
public class BenchResource {

    /** The one body both endpoints answer; built once so neither pays for building it. */
    static final String BODY = "{\"ok\":true}";

    @GET
    @Path("open")
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "Benchmark baseline: no authentication")
    public String open() {
        return BODY;
    }

    @GET
    @Path("authenticated")
    @RolesAllowed(Roles.STAFF)
    @Operation(summary = "Benchmark: the same answer behind a verified bearer token (staff)")
    public String authenticated() {
        return BODY;
    }
}
