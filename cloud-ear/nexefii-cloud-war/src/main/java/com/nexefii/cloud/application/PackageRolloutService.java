package com.nexefii.cloud.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.rollout.PackageStage;
import com.nexefii.cloud.domain.model.rollout.Rollout;
import com.nexefii.cloud.domain.model.rollout.RolloutPolicy;
import com.nexefii.cloud.domain.model.rollout.RolloutRepository;
import com.nexefii.cloud.domain.model.rollout.RolloutState;
import com.nexefii.cloud.domain.model.rollout.RolloutStep;
import com.nexefii.cloud.domain.model.rollout.SoftwarePackage;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import com.nexefii.mqtt.contract.Schemas;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolling upgrades: registers signed deployment packages, and runs rollouts that send a package to gateways
 * one at a time over the contract's {@code pkg} channel. The next gateway gets the command only after the
 * previous one reported INSTALLED, UPDATED or UNCHANGED (a {@code PACKAGE_INSTALL} event, seen when the
 * ingest appends it to the audit trail); REFUSED, ROLLED_BACK, FAILED or no result within the step timeout
 * stops the rollout, naming the gateway and the reason, and the gateways after it are never touched.
 * A gateway that is not connected at its turn is waited for, then skipped or the rollout stops, as the
 * rollout's {@link RolloutPolicy} says; a platform admin can cancel a running rollout. A package runs in
 * at most one rollout at a time, and so does a gateway (409 otherwise, naming the running rollout).
 * Gateways download the file over HTTPS from a short-lived link signed for them.
 */
@ApplicationScoped
public class PackageRolloutService {

    public static final String EVENT_TYPE = "PACKAGE_INSTALL";
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");
    static final Pattern VERSION = Pattern
            .compile("^[0-9]{1,9}(\\.[0-9]{1,9}(\\.[0-9]{1,9}(\\.[A-Za-z0-9_-]{1,64})?)?)?$");
    private static final Logger LOG = LoggerFactory.getLogger(PackageRolloutService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TARGETS = 200;

    @Inject
    Transactions tx;
    @Inject
    RolloutRepository repository;
    @Inject
    GatewayRepository gateways;
    @Inject
    AuditRecorder audit;
    @Inject
    GatewayLink link;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "nexefii.packages.download-base-url")
    Optional<String> downloadBaseUrl;
    @Inject
    @ConfigProperty(name = "nexefii.packages.url-key")
    Optional<String> urlKey;
    @Inject
    @ConfigProperty(name = "nexefii.packages.step-timeout", defaultValue = "PT10M")
    Duration defaultStepTimeout;
    @Inject
    @ConfigProperty(name = "nexefii.packages.sweep-interval", defaultValue = "PT2S")
    Duration sweepInterval;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile DownloadSignature signature;
    private ScheduledFuture<?> sweep;

    /** A registered package and whether this call registered it. */
    public record Registered(SoftwarePackage pkg, boolean created) {
    }

    void start(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 950)
            @Initialized(ApplicationScoped.class) Object event) {
        signature();
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, sweepInterval.toMillis(), sweepInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    DownloadSignature signature() {
        if (signature == null) {
            synchronized (this) {
                if (signature == null) {
                    byte[] key;
                    if (urlKey != null && urlKey.isPresent() && !urlKey.get().isBlank()) {
                        key = Base64.getDecoder().decode(urlKey.get().trim());
                    } else {
                        // one cloud instance: a key per process is enough, links live minutes
                        key = new byte[32];
                        new SecureRandom().nextBytes(key);
                    }
                    signature = new DownloadSignature(key);
                }
            }
        }
        return signature;
    }

    // ---------------------------------------------------------------- packages

    public Registered register(Caller caller, byte[] content) {
        if (content == null || content.length == 0) {
            throw new InvalidRequest("the body must be a signed deployment package (.dp)");
        }
        String[] nameVersion = nameAndVersion(content);
        String sha256 = sha256(content);
        Optional<SoftwarePackage> existing = repository.findPackage(nameVersion[0], nameVersion[1]);
        if (existing.isPresent()) {
            if (existing.get().sha256().equals(sha256)) {
                return new Registered(existing.get(), false);
            }
            throw new RequestConflict(nameVersion[0] + " " + nameVersion[1] + " is registered with other content"
                    + " (SHA-256 " + existing.get().sha256() + "); give a new version a new version number");
        }
        SoftwarePackage p = new SoftwarePackage(UUID.randomUUID(), nameVersion[0], nameVersion[1], sha256,
                content.length, caller.subject(), clock.instant());
        repository.addPackage(p, content);
        LOG.info("Package {} {} registered by {} ({} bytes, SHA-256 {})", p.name(), p.version(), caller.subject(),
                p.size(), sha256);
        return new Registered(p, true);
    }

    /** @return DeploymentPackage-SymbolicName and -Version; refuses unsigned files (the gateway would too) */
    static String[] nameAndVersion(byte[] content) {
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(content), false)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new InvalidRequest("not a deployment package: no manifest");
            }
            String name = manifest.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            String version = manifest.getMainAttributes().getValue("DeploymentPackage-Version");
            if (name == null || version == null) {
                throw new InvalidRequest("not a deployment package: no DeploymentPackage-SymbolicName/-Version");
            }
            name = name.trim();
            version = version.trim();
            if (!NAME.matcher(name).matches() || name.length() > 128 || !VERSION.matcher(version).matches()) {
                throw new InvalidRequest("package name or version is not valid: " + name + " " + version);
            }
            boolean signed = false;
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                String n = e.getName().toUpperCase(java.util.Locale.ROOT);
                if (n.startsWith("META-INF/") && n.endsWith(".SF")) {
                    signed = true;
                }
            }
            if (!signed) {
                throw new InvalidRequest(name + " " + version + " is not signed; gateways refuse unsigned packages");
            }
            return new String[] { name, version };
        } catch (IOException e) {
            throw new InvalidRequest("not a deployment package (JAR): " + e.getMessage());
        }
    }

    public List<SoftwarePackage> packages() {
        return repository.listPackages();
    }

    /** The file, if the link is valid for that gateway and not expired. */
    public byte[] download(UUID packageId, String gateway, long expires, String sig) {
        if (gateway == null || !signature().valid(packageId, gateway, expires, sig, clock.instant())) {
            LOG.warn("Refused a package download of {} for {}: link invalid or expired", packageId, gateway);
            throw new ActionNotAllowed("the download link is invalid or expired");
        }
        return repository.packageContent(packageId).orElseThrow(() -> new ResourceNotFound("package", packageId.toString()));
    }

    // ---------------------------------------------------------------- rollouts

    public Rollout start(Caller caller, UUID packageId, List<Rollout.Target> targets, Duration stepTimeout) {
        return start(caller, packageId, targets, stepTimeout, RolloutPolicy.DEFAULT);
    }

    /*
     * synchronized: the running-rollout checks and the insert are one step for this cloud instance (the cloud
     * runs as one instance; the download-link key is per process too).
     */
    public synchronized Rollout start(Caller caller, UUID packageId, List<Rollout.Target> targets,
            Duration stepTimeout, RolloutPolicy policy) {
        String base = downloadBaseUrl == null ? null : downloadBaseUrl.map(String::trim).orElse(null);
        if (base == null || !base.startsWith("https://")) {
            throw new RequestConflict("nexefii.packages.download-base-url is not an https:// URL: gateways download"
                    + " packages over HTTPS only");
        }
        SoftwarePackage pkg = repository.findPackage(packageId)
                .orElseThrow(() -> new ResourceNotFound("package", packageId.toString()));
        if (targets == null || targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw new InvalidRequest("targets: 1 to " + MAX_TARGETS + " gateways");
        }
        if (new LinkedHashSet<>(targets).size() != targets.size()) {
            throw new InvalidRequest("targets: a gateway is listed twice");
        }
        Duration timeout = stepTimeout == null ? defaultStepTimeout : stepTimeout;
        for (Rollout.Target t : targets) {
            if (tx.inProperty(t.propertyId(), () -> gateways.find(t.propertyId(), t.gatewayId())).isEmpty()) {
                throw new InvalidRequest("targets: no gateway " + t.propertyId().value() + "/" + t.gatewayId());
            }
        }
        refuseOverlap(pkg, targets);
        Rollout rollout = new Rollout(UUID.randomUUID(), packageId, RolloutState.RUNNING, targets, 0, null, null,
                timeout, caller.subject(), clock.instant(), null, null, null, policy, null);
        repository.addRollout(rollout);
        Set<PropertyId> properties = new LinkedHashSet<>();
        targets.forEach(t -> properties.add(t.propertyId()));
        for (PropertyId p : properties) {
            tx.inPropertyRun(p, () -> audit.record(p, "PACKAGE_ROLLOUT_STARTED", Priority.NORMAL, caller.subject(),
                    null, null, Map.of("rolloutId", rollout.rolloutId().toString(), "package", pkg.name(), "version",
                            pkg.version(), "gateways", Integer.toString(targets.size()), "offlineWait",
                            policy.offlineWait().toString(), "onOffline", policy.onOffline().name())));
        }
        LOG.info("Rollout {} of {} {} to {} gateway(s) started by {}", rollout.rolloutId(), pkg.name(), pkg.version(),
                targets.size(), caller.subject());
        sendNext(rollout.rolloutId());
        return repository.findRollout(rollout.rolloutId()).orElseThrow();
    }

    /**
     * Concurrency, made explicit: one running rollout per package name (two versions of one package racing
     * over a fleet leave it in no known state), and one per gateway (its installer takes one package at a
     * time, and a step timeout must measure that gateway's work only).
     */
    private void refuseOverlap(SoftwarePackage pkg, List<Rollout.Target> targets) {
        for (UUID id : repository.runningRolloutIds()) {
            Rollout running = repository.findRollout(id).orElse(null);
            if (running == null) {
                continue;
            }
            SoftwarePackage other = repository.findPackage(running.packageId()).orElse(null);
            if (other != null && other.name().equals(pkg.name())) {
                throw new RequestConflict("rollout " + id + " of " + other.name() + " " + other.version()
                        + " is running; one rollout per package at a time: wait for it to end or cancel it");
            }
            for (Rollout.Target t : targets) {
                if (running.targets().subList(running.position(), running.targets().size()).contains(t)) {
                    throw new RequestConflict("gateway " + t.propertyId().value() + "/" + t.gatewayId()
                            + " is in running rollout " + id + "; one rollout per gateway at a time: wait for it"
                            + " to end or cancel it");
                }
            }
        }
    }

    /**
     * Cancels a running rollout: no further gateway gets the command. A command already with the current
     * gateway cannot be withdrawn; its result is still recorded in its step. Audited on every property the
     * rollout covers.
     */
    public synchronized Rollout cancel(Caller caller, UUID rolloutId) {
        Rollout r = rollout(rolloutId);
        if (r.state() != RolloutState.RUNNING) {
            throw new RequestConflict("rollout " + rolloutId + " is " + r.state() + "; only a running rollout can be"
                    + " cancelled");
        }
        Rollout.Target at = r.current();
        Instant now = clock.instant();
        boolean cancelled = tx.inProperty(at.propertyId(), () -> {
            Rollout locked = repository.lockRollout(rolloutId).orElseThrow();
            if (locked.state() != RolloutState.RUNNING) {
                return false;
            }
            String inFlight = locked.currentCommandId() == null ? ""
                    : "; the command already sent to " + at.gatewayId() + " is not withdrawn";
            repository.updateRollout(locked.finished(RolloutState.CANCELLED, now, at,
                    "CANCELLED by " + caller.subject() + inFlight));
            return true;
        });
        if (!cancelled) {
            throw new RequestConflict("rollout " + rolloutId + " ended meanwhile; only a running rollout can be"
                    + " cancelled");
        }
        Set<PropertyId> properties = new LinkedHashSet<>();
        r.targets().forEach(t -> properties.add(t.propertyId()));
        for (PropertyId p : properties) {
            tx.inPropertyRun(p, () -> audit.record(p, "PACKAGE_ROLLOUT_CANCELLED", Priority.SECURITY,
                    caller.subject(), null, r.currentCommandId(), Map.of("rolloutId", rolloutId.toString(),
                            "gatewayId", at.gatewayId(), "untouched", Integer.toString(r.untouched()))));
        }
        LOG.warn("Rollout {} CANCELLED by {} at {}/{}; {} gateway(s) not touched", rolloutId, caller.subject(),
                at.propertyId().value(), at.gatewayId(), r.untouched());
        return rollout(rolloutId);
    }

    public Rollout rollout(UUID rolloutId) {
        return repository.findRollout(rolloutId).orElseThrow(() -> new ResourceNotFound("rollout", rolloutId.toString()));
    }

    public List<Rollout> rollouts() {
        return repository.listRollouts(100);
    }

    /** The steps of a rollout, read property by property (steps are tenant rows). */
    public List<RolloutStep> steps(Rollout rollout) {
        Set<PropertyId> properties = new LinkedHashSet<>();
        rollout.targets().forEach(t -> properties.add(t.propertyId()));
        List<RolloutStep> steps = new ArrayList<>();
        for (PropertyId p : properties) {
            steps.addAll(tx.inProperty(p, () -> repository.steps(p, 1000)).stream()
                    .filter(s -> s.rolloutId().equals(rollout.rolloutId())).toList());
        }
        steps.sort(java.util.Comparator.comparingInt(RolloutStep::position));
        return steps;
    }

    /** What rollouts did on one property's gateways (property admins read their own). */
    public List<RolloutStep> propertySteps(PropertyId p) {
        return tx.inProperty(p, () -> repository.steps(p, 200));
    }

    /** Sends the command to the rollout's current gateway if none is in progress. Safe to call any time. */
    void sendNext(UUID rolloutId) {
        Rollout r = repository.findRollout(rolloutId).orElse(null);
        if (r == null || r.state() != RolloutState.RUNNING || r.currentCommandId() != null || r.current() == null) {
            return;
        }
        SoftwarePackage pkg = repository.findPackage(r.packageId()).orElseThrow();
        Rollout.Target target = r.current();
        UUID commandId = UUID.randomUUID();
        Instant now = clock.instant();
        boolean online = tx.inProperty(target.propertyId(),
                () -> gateways.find(target.propertyId(), target.gatewayId()).map(g -> g.online()).orElse(false));
        if (!online) {
            offline(rolloutId, r.position(), target, now);
            return;
        }
        boolean claimed = tx.inProperty(target.propertyId(), () -> {
            Rollout locked = repository.lockRollout(rolloutId).orElseThrow();
            if (locked.state() != RolloutState.RUNNING || locked.currentCommandId() != null
                    || locked.position() != r.position()) {
                return false; // someone else sent it meanwhile
            }
            repository.addStep(new RolloutStep(target.propertyId(), rolloutId, target.gatewayId(), r.position(),
                    commandId, PackageStage.SENT, null, now, now));
            repository.updateRollout(locked.sent(commandId, now));
            audit.record(target.propertyId(), "PACKAGE_INSTALL_SENT", Priority.NORMAL, r.startedBy(), null, commandId,
                    Map.of("rolloutId", rolloutId.toString(), "gatewayId", target.gatewayId(), "package", pkg.name(),
                            "version", pkg.version()));
            return true;
        });
        if (!claimed) {
            return;
        }
        byte[] payload = command(pkg, r, target, commandId, now);
        LOG.info("Rollout {}: {} {} to {}/{} (command {})", rolloutId, pkg.name(), pkg.version(),
                target.propertyId().value(), target.gatewayId(), commandId);
        link.sendPackageInstall(target.propertyId(), target.gatewayId(), payload).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("Rollout {}: command to {}/{} not handed to the broker ({}); the step timeout will stop it",
                        rolloutId, target.propertyId().value(), target.gatewayId(), error.toString());
            }
        });
    }

    /**
     * The gateway whose turn it is is not connected: wait for it (the sweep comes back every few seconds), then
     * skip it or stop, as the rollout's policy says. Nothing is sent to a gateway that is not connected: the
     * command and its download link would expire on the broker while the step timeout runs.
     */
    private void offline(UUID rolloutId, int position, Rollout.Target target, Instant now) {
        Optional<UUID> next = tx.inProperty(target.propertyId(), () -> {
            Rollout locked = repository.lockRollout(rolloutId).orElseThrow();
            if (locked.state() != RolloutState.RUNNING || locked.currentCommandId() != null
                    || locked.position() != position) {
                return Optional.<UUID>empty();
            }
            if (locked.waitingSince() == null) {
                repository.updateRollout(locked.waitingFrom(now));
                LOG.info("Rollout {}: {}/{} is not connected; waiting up to {} for it, then {}", rolloutId,
                        target.propertyId().value(), target.gatewayId(), locked.policy().offlineWait(),
                        locked.policy().onOffline());
                if (!locked.policy().offlineWait().isZero()) {
                    return Optional.<UUID>empty();
                }
                locked = locked.waitingFrom(now);
            }
            Rollout.OfflineDecision decision = locked.decideOffline(now);
            if (decision == Rollout.OfflineDecision.WAIT) {
                return Optional.<UUID>empty();
            }
            String why = "not connected for " + Duration.between(locked.waitingSince(), now).toSeconds()
                    + " s at its turn (offline wait " + locked.policy().offlineWait() + ", policy "
                    + locked.policy().onOffline() + ")";
            PackageStage stage = decision == Rollout.OfflineDecision.STOP ? PackageStage.OFFLINE : PackageStage.SKIPPED;
            repository.addStep(new RolloutStep(target.propertyId(), rolloutId, target.gatewayId(), position,
                    UUID.randomUUID(), stage, why, now, now));
            switch (decision) {
                case STOP -> {
                    stop(locked, target, "OFFLINE: " + why, null, now);
                    return Optional.<UUID>empty();
                }
                case SKIP_AND_COMPLETE -> {
                    repository.updateRollout(locked.finished(RolloutState.COMPLETED, now, null, null));
                    audit.record(target.propertyId(), "PACKAGE_INSTALL_SKIPPED", Priority.SECURITY, null, null, null,
                            Map.of("rolloutId", rolloutId.toString(), "gatewayId", target.gatewayId(), "reason", why));
                    audit.record(target.propertyId(), "PACKAGE_ROLLOUT_COMPLETED", Priority.NORMAL, null, null, null,
                            Map.of("rolloutId", rolloutId.toString(), "gatewayId", target.gatewayId(), "stage",
                                    stage.name()));
                    LOG.warn("Rollout {}: {}/{} SKIPPED ({}); rollout completed", rolloutId,
                            target.propertyId().value(), target.gatewayId(), why);
                    return Optional.<UUID>empty();
                }
                default -> {
                    repository.updateRollout(locked.advanced());
                    audit.record(target.propertyId(), "PACKAGE_INSTALL_SKIPPED", Priority.SECURITY, null, null, null,
                            Map.of("rolloutId", rolloutId.toString(), "gatewayId", target.gatewayId(), "reason", why));
                    LOG.warn("Rollout {}: {}/{} SKIPPED ({}); next gateway", rolloutId, target.propertyId().value(),
                            target.gatewayId(), why);
                    return Optional.of(rolloutId);
                }
            }
        });
        next.ifPresent(id -> scheduler.schedule(() -> sendNext(id), 200, TimeUnit.MILLISECONDS));
    }

    byte[] command(SoftwarePackage pkg, Rollout r, Rollout.Target target, UUID commandId, Instant now) {
        String gateway = target.propertyId().value() + "/" + target.gatewayId();
        long expires = now.plus(r.stepTimeout()).getEpochSecond();
        String base = downloadBaseUrl.orElseThrow().trim().replaceAll("/+$", "");
        String url = base + "/api/v1/package-downloads/" + pkg.packageId() + "?gateway="
                + URLEncoder.encode(gateway, StandardCharsets.UTF_8) + "&expires=" + expires + "&signature="
                + signature().sign(pkg.packageId(), gateway, expires);
        ObjectNode o = JSON.createObjectNode();
        o.put("v", Schemas.VERSION);
        o.put("commandId", commandId.toString());
        o.put("propertyId", target.propertyId().value());
        o.put("gatewayId", target.gatewayId());
        o.put("rolloutId", r.rolloutId().toString());
        ObjectNode p = o.putObject("package");
        p.put("name", pkg.name());
        p.put("version", pkg.version());
        p.put("url", url);
        p.put("sha256", pkg.sha256());
        p.put("size", pkg.size());
        o.put("issuedAt", now.toString());
        o.put("expiresAt", now.plus(r.stepTimeout()).toString());
        o.put("issuedBy", r.startedBy().length() > 256 ? r.startedBy().substring(0, 256) : r.startedBy());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Gateway results arrive as audit records in the ingest's property transaction. A failure here must never
     * cost the audit batch, so the work runs under a savepoint.
     */
    void auditAppended(@Observes com.nexefii.cloud.application.AuditAppended appended) {
        for (AuditEvent e : appended.events()) {
            if (!EVENT_TYPE.equals(e.type()) || e.source() != AuditEvent.Source.GATEWAY || e.commandId() == null) {
                continue;
            }
            PackageStage stage = PackageStage.parse(e.attributes().get("stage"));
            if (stage == null || stage == PackageStage.SENT || stage == PackageStage.TIMEOUT) {
                continue;
            }
            Connection c = tx.connection();
            Savepoint savepoint = null;
            try {
                savepoint = c.setSavepoint();
                Optional<UUID> next = gatewayReported(appended.propertyId(), e.gatewayId(), e.commandId(), stage,
                        detail(e.attributes()));
                c.releaseSavepoint(savepoint);
                next.ifPresent(id -> scheduler.schedule(() -> sendNext(id), 200, TimeUnit.MILLISECONDS));
            } catch (SQLException | RuntimeException ex) {
                LOG.error("Rollout bookkeeping for command {} failed; the audit record is kept", e.commandId(), ex);
                if (savepoint != null) {
                    try {
                        c.rollback(savepoint);
                    } catch (SQLException rollback) {
                        LOG.error("Cannot roll back to the savepoint", rollback);
                    }
                }
            }
        }
    }

    /**
     * Applies one reported stage in the current property transaction.
     *
     * @return the rollout whose next gateway is due, if this result made one due
     */
    Optional<UUID> gatewayReported(PropertyId p, String gatewayId, UUID commandId, PackageStage stage, String detail) {
        Instant now = clock.instant();
        Optional<Rollout> found = repository.lockRolloutByCommand(commandId);
        repository.updateStep(p, commandId, stage, detail, now);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Rollout r = found.get();
        Rollout.Target target = r.current();
        if (target == null || !target.propertyId().equals(p) || !target.gatewayId().equals(gatewayId)) {
            LOG.warn("Gateway {}/{} reported {} for command {} of rollout {}, which it was not sent: ignored", p,
                    gatewayId, stage, commandId, r.rolloutId());
            return Optional.empty();
        }
        switch (r.decide(stage)) {
            case WAIT -> {
                return Optional.empty();
            }
            case NEXT -> {
                repository.updateRollout(r.advanced());
                audit.record(p, "PACKAGE_INSTALL_SUCCEEDED", Priority.NORMAL, null, null, commandId,
                        Map.of("rolloutId", r.rolloutId().toString(), "gatewayId", gatewayId, "stage", stage.name()));
                LOG.info("Rollout {}: {}/{} reported {}; next gateway", r.rolloutId(), p, gatewayId, stage);
                return Optional.of(r.rolloutId());
            }
            case COMPLETE -> {
                repository.updateRollout(r.finished(RolloutState.COMPLETED, now, null, null));
                audit.record(p, "PACKAGE_ROLLOUT_COMPLETED", Priority.NORMAL, null, null, commandId,
                        Map.of("rolloutId", r.rolloutId().toString(), "gatewayId", gatewayId, "stage", stage.name()));
                LOG.info("Rollout {}: completed on all {} gateway(s)", r.rolloutId(), r.targets().size());
                return Optional.empty();
            }
            case STOP -> {
                stop(r, target, stage + (detail == null ? "" : ": " + detail), commandId, now);
                return Optional.empty();
            }
            default -> throw new IllegalStateException();
        }
    }

    private void stop(Rollout r, Rollout.Target target, String reason, UUID commandId, Instant now) {
        String shown = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        repository.updateRollout(r.finished(RolloutState.STOPPED, now, target, shown));
        audit.record(target.propertyId(), "PACKAGE_ROLLOUT_STOPPED", Priority.SECURITY, null, null, commandId,
                Map.of("rolloutId", r.rolloutId().toString(), "gatewayId", target.gatewayId(), "reason", shown,
                        "untouched", Integer.toString(r.untouched())));
        LOG.warn("Rollout {} STOPPED at {}/{}: {}; {} gateway(s) not touched", r.rolloutId(),
                target.propertyId().value(), target.gatewayId(), shown, r.untouched());
    }

    /** Sends what is due and stops rollouts whose current gateway had its whole step timeout. */
    void sweep() {
        try {
            for (UUID id : repository.runningRolloutIds()) {
                Rollout r = repository.findRollout(id).orElse(null);
                if (r == null) {
                    continue;
                }
                if (r.currentCommandId() == null) {
                    sendNext(id);
                } else if (r.overdue(clock.instant())) {
                    Rollout.Target target = r.current();
                    tx.inPropertyRun(target.propertyId(), () -> {
                        Rollout locked = repository.lockRollout(id).orElseThrow();
                        Instant now = clock.instant();
                        if (locked.overdue(now) && r.currentCommandId().equals(locked.currentCommandId())) {
                            repository.updateStep(target.propertyId(), locked.currentCommandId(), PackageStage.TIMEOUT,
                                    "no result within " + locked.stepTimeout(), now);
                            stop(locked, target, "TIMEOUT: no result within " + locked.stepTimeout(),
                                    locked.currentCommandId(), now);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Rollout sweep failed: {}", e.toString());
        }
    }

    private static String detail(Map<String, String> attributes) {
        String reason = attributes.get("reason");
        String text = reason != null ? reason : attributes.get("detail");
        if (text == null) {
            return null;
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
