package com.nexefii.cloud.interfaces.platform.rest;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.application.PackageRolloutService;
import com.nexefii.cloud.application.Roles;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.rollout.Rollout;
import com.nexefii.cloud.domain.model.rollout.RolloutPolicy;
import com.nexefii.cloud.domain.model.rollout.RolloutStep;
import com.nexefii.cloud.domain.model.rollout.SoftwarePackage;
import com.nexefii.cloud.interfaces.rest.ApiConstraints;
import com.nexefii.cloud.interfaces.rest.Ids;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rolling upgrades (platform admin): start a rollout of a registered package over a list of gateways, one
 * at a time, and follow it. Packages: {@link PackageResource}; what rollouts did on one property's gateways:
 * {@link PropertyRolloutResource}; the gateways' downloads: {@link PackageDownloadResource}.
 */
@Path("v1/package-rollouts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rollouts", description = "Signed gateway packages and rolling upgrades")
public class PackageRolloutResource {

    @Inject
    PackageRolloutService rollouts;
    @Inject
    Caller caller;

    public static class TargetRequest {
        public @NotNull @Pattern(regexp = ApiConstraints.SLUG) String propertyId;
        public @NotNull @Pattern(regexp = ApiConstraints.SLUG) String gatewayId;
    }

    public static class RolloutRequest {
        public @NotNull @Pattern(regexp = "^[0-9a-fA-F-]{36}$") String packageId;
        public @NotNull @Size(min = 1, max = 200) List<@Valid @NotNull TargetRequest> targets;
        public @Min(30) @Max(86_400) Integer stepTimeoutSeconds;
        /** How long to wait for a gateway that is not connected at its turn (default 300). */
        public @Min(0) @Max(86_400) Integer offlineWaitSeconds;
        /** Then: SKIP it and go on, or STOP the rollout there (default STOP). */
        public @Pattern(regexp = "^(SKIP|STOP)$") String onOffline;

        RolloutPolicy policy() {
            RolloutPolicy d = RolloutPolicy.DEFAULT;
            return new RolloutPolicy(offlineWaitSeconds == null ? d.offlineWait() : Duration.ofSeconds(offlineWaitSeconds),
                    onOffline == null ? d.onOffline() : RolloutPolicy.OnOffline.valueOf(onOffline));
        }
    }

    public record PackageView(UUID packageId, String name, String version, String sha256, long size,
            String uploadedBy, Instant uploadedAt) {
        static PackageView of(SoftwarePackage p) {
            return new PackageView(p.packageId(), p.name(), p.version(), p.sha256(), p.size(), p.uploadedBy(),
                    p.uploadedAt());
        }
    }

    public record TargetView(String propertyId, String gatewayId) {
        static TargetView of(Rollout.Target t) {
            return t == null ? null : new TargetView(t.propertyId().value(), t.gatewayId());
        }
    }

    public record StepView(UUID rolloutId, String propertyId, String gatewayId, int position, UUID commandId,
            String stage, String detail, Instant sentAt, Instant updatedAt) {
        static StepView of(RolloutStep s) {
            return new StepView(s.rolloutId(), s.propertyId().value(), s.gatewayId(), s.position(), s.commandId(),
                    s.stage().name(), s.detail(), s.sentAt(), s.updatedAt());
        }
    }

    public record RolloutView(UUID rolloutId, UUID packageId, String state, List<TargetView> targets, int position,
            long stepTimeoutSeconds, long offlineWaitSeconds, String onOffline, Instant waitingSince,
            String startedBy, Instant startedAt, Instant finishedAt, TargetView stoppedAt, String stopReason,
            List<StepView> steps) {
        static RolloutView of(Rollout r, List<RolloutStep> steps) {
            return new RolloutView(r.rolloutId(), r.packageId(), r.state().name(),
                    r.targets().stream().map(TargetView::of).toList(), r.position(), r.stepTimeout().toSeconds(),
                    r.policy().offlineWait().toSeconds(), r.policy().onOffline().name(), r.waitingSince(),
                    r.startedBy(), r.startedAt(), r.finishedAt(), TargetView.of(r.stoppedAt()), r.stopReason(),
                    steps == null ? null : steps.stream().map(StepView::of).toList());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response start(@Valid @NotNull RolloutRequest r) {
        List<Rollout.Target> targets = r.targets.stream()
                .map(t -> new Rollout.Target(new PropertyId(t.propertyId), t.gatewayId)).toList();
        Rollout started = rollouts.start(caller, Ids.uuid("package", r.packageId), targets,
                r.stepTimeoutSeconds == null ? null : Duration.ofSeconds(r.stepTimeoutSeconds), r.policy());
        return Response.status(Response.Status.CREATED).entity(RolloutView.of(started, rollouts.steps(started))).build();
    }

    @GET
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public List<RolloutView> list() {
        return rollouts.rollouts().stream().map(r -> RolloutView.of(r, null)).toList();
    }

    /** No gateway after the current one gets the package; 409 when the rollout is not running. */
    @POST
    @Path("{rolloutId}/cancel")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public RolloutView cancel(@PathParam("rolloutId") String rolloutId) {
        Rollout r = rollouts.cancel(caller, Ids.uuid("rollout", rolloutId));
        return RolloutView.of(r, rollouts.steps(r));
    }

    @GET
    @Path("{rolloutId}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public RolloutView get(@PathParam("rolloutId") String rolloutId) {
        Rollout r = rollouts.rollout(Ids.uuid("rollout", rolloutId));
        return RolloutView.of(r, rollouts.steps(r));
    }
}
