package com.nexefii.cloud.interfaces.webapp.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Public settings of the web app: where to sign in (the issuer the API trusts, so app and API
 * never disagree) and with which public client. Nothing secret: a public client has no secret.
 */
@Path("v1/client-config")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "web app")
public class ClientConfigResource {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String tokenIssuer;
    @Inject
    @ConfigProperty(name = "nexefii.app.oidc.issuer")
    Optional<String> appIssuer;
    @Inject
    @ConfigProperty(name = "nexefii.app.oidc.client-id", defaultValue = "nexefii-mobile")
    String clientId;
    /**
     * No gateway address here: each gateway's local API address is set per gateway by the property's
     * admin and reaches guests with their stays (GET /api/v1/me/stays, localApiUrls).
     */
    public record ClientConfig(String issuer, String clientId) {
    }

    @GET
    @PermitAll
    @Operation(summary = "Sign-in settings of the web app (public)")
    public ClientConfig config() {
        return new ClientConfig(appIssuer.filter(s -> !s.isBlank()).orElse(tokenIssuer), clientId);
    }
}
