package com.nexefii.cloud.interfaces.devices.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.CommandService;
import com.nexefii.cloud.application.GatewayService;
import com.nexefii.cloud.application.InvalidRequest;
import com.nexefii.cloud.application.PolicyService;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.command.CommandState;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
import com.nexefii.cloud.interfaces.rest.Ids;
import com.nexefii.cloud.interfaces.rest.Paging;
import com.nexefii.cloud.interfaces.rest.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Device manager: gateways, their inventory and health, commands with id, state and TTL, policy push. */
@Path("v1/properties/{propertyId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices", description = "Gateways, lock inventory, commands")
public class GatewayResource {

    @Inject
    GatewayService gateways;
    @Inject
    CommandService commands;
    @Inject
    PolicyService policy;
    @Inject
    Caller caller;

    @PathParam("propertyId")
    String propertyId;

    /**
     * Either the SHA-256 fingerprint of the gateway's client certificate or the certificate itself
     * (PEM). A class with public fields, not a record: Payara's OpenAPI scanner fails on
     * constraints of record components.
     */
    public static class RegisterRequest {
    public @NotNull @Pattern(regexp = ApiConstraints.SLUG) String gatewayId;
    public @Pattern(regexp = "^[0-9a-fA-F:]{64,95}$") String certFingerprint;
    public @Size(max = 16384) String certificatePem;
}

    /** {@code localApiUrl} null clears it. */
    public static class LocalApiRequest {
        public @Size(max = 2048) String localApiUrl;
    }

    public static class CommandRequest {
        public @Pattern(regexp = ApiConstraints.SLUG) String gatewayId;
        public @Pattern(regexp = ApiConstraints.LOCK_ID) String lockId;
        public @NotNull CommandType type;
        public @Size(max = 8) Map<@Pattern(regexp = "^[A-Za-z][A-Za-z0-9]{0,63}$") String, @Size(max = 128) String> params;
        public @Min(1) @Max(86_400) Integer ttlSeconds;
    }

    @GET
    @Path("gateways")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.GatewayView> list() {
        return gateways.list(caller.scope(propertyId)).stream().map(Views.GatewayView::of).toList();
    }

    @POST
    @Path("gateways")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Response register(@Valid @NotNull RegisterRequest r) {
        var p = caller.scope(propertyId);
        String fingerprint = fingerprint(r);
        return Response.status(Response.Status.CREATED)
                .entity(Views.GatewayView.of(gateways.register(p, caller, r.gatewayId, fingerprint))).build();
    }

    @GET
    @Path("gateways/{gatewayId}")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Views.GatewayView get(@PathParam("gatewayId") @Pattern(regexp = ApiConstraints.SLUG) String gatewayId) {
        return Views.GatewayView.of(gateways.get(caller.scope(propertyId), gatewayId));
    }

    @PUT
    @Path("gateways/{gatewayId}/local-api")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Set where the gateway's local API answers on the property network",
            description = "An https URL without user info, query or fragment (400 otherwise); null clears it. Guests whose "
                    + "stay has a lock of this gateway get it with their stays (GET /api/v1/me/stays, localApiUrls) and "
                    + "open those doors there first. Audited as GATEWAY_LOCAL_API_URL_SET.")
    public Views.GatewayView setLocalApi(@PathParam("gatewayId") @Pattern(regexp = ApiConstraints.SLUG) String gatewayId,
            @Valid @NotNull LocalApiRequest r) {
        return Views.GatewayView.of(gateways.setLocalApiUrl(caller.scope(propertyId), caller, gatewayId, r.localApiUrl));
    }

    @GET
    @Path("gateways/{gatewayId}/locks")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.LockView> inventory(@PathParam("gatewayId") @Pattern(regexp = ApiConstraints.SLUG) String gatewayId) {
        return gateways.inventory(caller.scope(propertyId), gatewayId).stream().map(Views.LockView::of).toList();
    }

    @POST
    @Path("commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Response dispatch(@Valid @NotNull CommandRequest r,
            @HeaderParam(ApiConstraints.IDEMPOTENCY_HEADER) @NotNull @Pattern(regexp = ApiConstraints.IDEMPOTENCY_KEY)
            String idempotencyKey) {
        var d = commands.dispatch(caller.scope(propertyId), caller, new CommandService.Dispatch(r.gatewayId,
                r.lockId, r.type, r.params, r.ttlSeconds == null ? null : Duration.ofSeconds(r.ttlSeconds),
                idempotencyKey));
        return Response.status(d.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(Views.CommandView.of(d.command())).build();
    }

    @GET
    @Path("commands")
    @RolesAllowed({ Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public List<Views.CommandView> commands(
            @QueryParam("state") @Pattern(regexp = "QUEUED|SENT|ACKED|DONE|FAILED|EXPIRED") String state,
            @BeanParam @Valid Paging paging) {
        return commands.list(caller.scope(propertyId), state == null ? null : CommandState.valueOf(state), paging.limit)
                .stream().map(Views.CommandView::of).toList();
    }

    @GET
    @Path("commands/{commandId}")
    @RolesAllowed({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Views.CommandView command(@PathParam("commandId") String commandId) {
        var c = commands.get(caller.scope(propertyId), Ids.uuid("command", commandId));
        if (caller.has(Roles.GUEST) && !caller.has(Roles.STAFF) && !caller.has(Roles.PROPERTY_ADMIN)
                && !caller.subject().equals(c.issuedBy())) {
            // a guest sees only their own commands
            throw new com.nexefii.cloud.application.ResourceNotFound("command", commandId);
        }
        return Views.CommandView.of(c);
    }

    @POST
    @Path("policy/publish")
    @RolesAllowed({ Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
    public Map<String, Long> publishPolicy() {
        return Map.of("version", policy.publishSnapshot(caller.scope(propertyId)));
    }

    static String fingerprint(RegisterRequest r) {
        if (r.certificatePem != null && !r.certificatePem.isBlank()) {
            try {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(r.certificatePem.getBytes(StandardCharsets.US_ASCII)));
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            } catch (CertificateException | NoSuchAlgorithmException e) {
                throw new InvalidRequest("certificatePem is not a PEM X.509 certificate");
            }
        }
        if (r.certFingerprint == null) {
            throw new InvalidRequest("give certFingerprint (SHA-256) or certificatePem");
        }
        String hex = r.certFingerprint.replace(":", "").toLowerCase();
        if (!hex.matches("^[0-9a-f]{64}$")) {
            throw new InvalidRequest("certFingerprint must be a SHA-256 fingerprint (64 hex digits)");
        }
        return hex;
    }
}
