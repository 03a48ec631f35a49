package com.nexefii.cloud.interfaces.platform.rest;

import com.nexefii.cloud.application.PackageRolloutService;
import com.nexefii.cloud.interfaces.rest.Ids;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Rolling upgrades: the platform admin registers signed packages and starts rollouts; property admins read
 * what rollouts did on their own gateways; gateways download packages through signed short-lived links.
 */
/** Gateways fetch packages here; no bearer token, the signed short-lived link is the credential. */
@Path("v1/package-downloads")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PackageDownloadResource {

    @Inject
    PackageRolloutService rollouts;

    /** For gateways: the link in the PACKAGE_INSTALL command is the credential (HMAC, gateway, expiry). */
    @GET
    @Path("{packageId}")
    @PermitAll
    @Produces({ MediaType.APPLICATION_OCTET_STREAM, "application/problem+json" })
    public Response download(@PathParam("packageId") String packageId,
            @QueryParam("gateway") @Pattern(regexp = "^[a-z0-9][a-z0-9-]{0,62}/[a-z0-9][a-z0-9-]{0,62}$") String gateway, @QueryParam("expires") long expires,
            @QueryParam("signature") @Pattern(regexp = "^[0-9a-f]{64}$") String signature) {
        byte[] content = rollouts.download(Ids.uuid("package", packageId), gateway, expires, signature);
        return Response.ok(content, MediaType.APPLICATION_OCTET_STREAM).header("Cache-Control", "no-store").build();
    }
}
