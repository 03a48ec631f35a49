package com.nexefii.cloud.interfaces.platform.rest;

import com.nexefii.cloud.application.CredentialSigner;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public keys that verify mobile key credentials (also delivered to gateways in policy snapshots). */
@Path("v1/jwks")
@RequestScoped
@Tag(name = "keys")
public class JwksResource {

    @Inject
    CredentialSigner signer;

    @GET
    @PermitAll
    @SecurityRequirements
    @Produces({ "application/jwk-set+json", "application/json" })
    @Operation(summary = "JWKS of the credential-signing keys")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(signer.publicJwks()).cacheControl(cache).build();
    }
}
