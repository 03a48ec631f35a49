package com.nexefii.policy.cache.impl;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.ApplyResult;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.PolicyCache;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;

/**
 * The policy cache service. Policy updates are serialised and copy-on-write; decisions read the
 * current immutable state without locking, then audit through the {@link LockEventPublisher}.
 */
@Designate(ocd = PolicyCacheConfig.class)
@Component(service = PolicyCache.class, configurationPid = PolicyCache.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public class PolicyCacheComponent implements PolicyCache {

    static final String POLICY_FILE = "policy.json";
    static final String LOCKDOWN_FILE = "local-lockdown.json";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCacheComponent.class);

    private final PolicyCacheOptions options;
    private final LockEventPublisher publisher;
    private final Clock clock;
    private final AccessEvaluator evaluator;
    private final Path policyFile;
    private final Path lockdownFile;
    private final Object updateLock = new Object();
    private volatile PolicyState state;
    private volatile LocalLockdown localLockdown;

    @Activate
    public PolicyCacheComponent(BundleContext context, PolicyCacheConfig config,
            @Reference LockEventPublisher publisher) {
        this(PolicyCacheOptions.from(config, dataArea(context)), publisher, Clock.systemUTC());
    }

    PolicyCacheComponent(PolicyCacheOptions options, LockEventPublisher publisher, Clock clock) {
        LOG.info("Activating policy cache...");
        this.options = options;
        this.publisher = publisher;
        this.clock = clock;
        this.evaluator = new AccessEvaluator(options);
        this.policyFile = options.dataDirectory().resolve(POLICY_FILE);
        this.lockdownFile = options.dataDirectory().resolve(LOCKDOWN_FILE);
        this.state = loadPolicy();
        this.localLockdown = loadLocalLockdown();
        PolicyState loaded = state;
        LOG.info("Activating policy cache... done: property {}, version {}, {} grants, {} revocations, {} signing keys",
                publisher.propertyId(), loaded.version, loaded.grants.size(), loaded.revoked.size(),
                loaded.keys.size());
    }

    @Override
    public ApplyResult apply(byte[] policyJson) {
        if (policyJson == null || policyJson.length == 0) {
            return rejected(state, "empty policy message");
        }
        if (policyJson.length > options.maxPolicyBytes()) {
            return rejected(state, "policy message of " + policyJson.length + " bytes exceeds maxPolicyBytes "
                    + options.maxPolicyBytes());
        }
        synchronized (updateLock) {
            PolicyState current = state;
            PolicyMessage message;
            try {
                message = PolicyJson.read(policyJson);
            } catch (PolicyRejectedException e) {
                return rejected(current, e.getMessage());
            }
            if (!message.propertyId().equals(publisher.propertyId())) {
                return rejected(current, "propertyId: policy of " + message.propertyId() + ", this gateway serves "
                        + publisher.propertyId());
            }
            if (message.version() <= current.version) {
                LOG.debug("Policy {} {} ignored: holding version {}", message.kind(), message.version(),
                        current.version);
                return new ApplyResult(ApplyResult.Status.IGNORED, current.version,
                        "version " + message.version() + " is not newer than " + current.version);
            }
            PolicyState next;
            try {
                if (message.snapshot()) {
                    next = PolicyState.fromSnapshot(message, current.keys, options.verifiedCredentialCacheSize(),
                            clock.instant());
                } else if (current.version == 0 || message.fromVersion() != current.version) {
                    LOG.info("Policy delta {}->{} does not apply on version {}: asking for a snapshot",
                            message.fromVersion(), message.version(), current.version);
                    return new ApplyResult(ApplyResult.Status.NEED_SNAPSHOT, current.version,
                            "delta from " + message.fromVersion() + ", holding " + current.version);
                } else {
                    next = current.applyDelta(message, options.verifiedCredentialCacheSize(), clock.instant());
                }
            } catch (PolicyRejectedException e) {
                return rejected(current, e.getMessage());
            }
            // In force before it is on disk: a revocation must not wait for an fsync.
            state = next;
            String detail = message.kind() + " applied";
            try {
                AtomicFile.write(policyFile, PolicyJson.write(next.toSnapshot()));
            } catch (IOException | RuntimeException e) {
                LOG.error("Policy version {} is in force but could not be written to {}: a restart falls back to "
                        + "the previous file", next.version, policyFile, e);
                detail = message.kind() + " applied in memory only: " + e.getMessage();
            }
            LOG.info("Policy {} version {} applied: {} grants, {} revocations, {} signing keys", message.kind(),
                    next.version, next.grants.size(), next.revoked.size(), next.keys.size());
            return new ApplyResult(ApplyResult.Status.APPLIED, next.version, detail);
        }
    }

    @Override
    public long version() {
        return state.version;
    }

    @Override
    public Decision decide(AccessRequest request) {
        return audited(evaluate(request), method(request.type()));
    }

    @Override
    public Decision decideStaff(StaffRequest request) {
        return audited(evaluator.evaluateStaff(request, state, localLockdown), "staff");
    }

    /** The decision without its audit event: for benchmarks and tests only, never to open a door. */
    Decision evaluate(AccessRequest request) {
        return evaluator.evaluate(request, state, localLockdown);
    }

    @Override
    public void setLocalLockdown(String zone, boolean on) {
        synchronized (updateLock) {
            LocalLockdown next = localLockdown.with(zone, on);
            localLockdown = next;
            LOG.info("Local lockdown of {} {}", zone == null ? "the property" : "zone " + zone,
                    on ? "entered" : "lifted");
            try {
                AtomicFile.write(lockdownFile, PolicyJson.mapper().writeValueAsBytes(next));
            } catch (IOException | RuntimeException e) {
                LOG.error("Local lockdown is in force but could not be written to {}", lockdownFile, e);
            }
        }
    }

    @Override
    public boolean inLockdown(String lockId) {
        return evaluator.inLockdown(lockId, state, localLockdown);
    }

    @Override
    public Set<String> zoneLocks(String zone) {
        return state.zones.getOrDefault(zone, Set.of());
    }

    private static ApplyResult rejected(PolicyState current, String reason) {
        LOG.warn("Policy message rejected: {}; still on version {}", reason, current.version);
        return new ApplyResult(ApplyResult.Status.REJECTED, current.version, reason);
    }

    private Decision audited(Decision decision, String method) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("credentialId", decision.credentialId());
        attributes.put("lockId", decision.lockId());
        attributes.put("reason", decision.reason().name());
        attributes.put("method", method);
        attributes.put("policyVersion", Long.toString(decision.policyVersion()));
        if (!decision.verified()) {
            attributes.put("credentialVerified", "false");
        }
        try {
            publisher.publish(decision.lockId(),
                    decision.allowed() ? LockEventType.ACCESS_GRANTED : LockEventType.ACCESS_DENIED, attributes);
            return decision;
        } catch (RuntimeException e) {
            LOG.error("Access decision for {} at {} could not be audited; denying", decision.credentialId(),
                    decision.lockId(), e);
            return decision.allowed() ? decision.withReason(Reason.AUDIT_FAILED) : decision;
        }
    }

    private PolicyState loadPolicy() {
        try {
            AtomicFile.removeLeftovers(policyFile);
            Optional<byte[]> bytes = AtomicFile.read(policyFile);
            if (bytes.isEmpty()) {
                LOG.info("No policy file at {}: denying everything until the cloud sends a snapshot", policyFile);
                return PolicyState.EMPTY;
            }
            PolicyMessage message = PolicyJson.read(bytes.get());
            if (!message.snapshot()) {
                throw new PolicyRejectedException("kind: the policy file must hold a snapshot");
            }
            if (!message.propertyId().equals(publisher.propertyId())) {
                throw new PolicyRejectedException("propertyId: the file is the policy of " + message.propertyId()
                        + ", this gateway serves " + publisher.propertyId());
            }
            return PolicyState.fromSnapshot(message, KeyRing.EMPTY, options.verifiedCredentialCacheSize(),
                    clock.instant());
        } catch (IOException | PolicyRejectedException e) {
            Path aside = policyFile.resolveSibling(POLICY_FILE + ".rejected-" + clock.millis());
            LOG.error("Policy file {} is unusable ({}); set aside as {}, denying everything until the cloud sends a "
                    + "snapshot", policyFile, e.getMessage(), aside);
            try {
                Files.move(policyFile, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                LOG.error("Could not set {} aside", policyFile, moveFailure);
            }
            return PolicyState.EMPTY;
        }
    }

    private LocalLockdown loadLocalLockdown() {
        try {
            AtomicFile.removeLeftovers(lockdownFile);
            Optional<byte[]> bytes = AtomicFile.read(lockdownFile);
            if (bytes.isEmpty()) {
                return LocalLockdown.NONE;
            }
            LocalLockdown loaded = PolicyJson.mapper().readValue(bytes.get(), LocalLockdown.class);
            if (loaded.property() || !loaded.zones().isEmpty()) {
                LOG.warn("Local lockdown still in force from before the restart: property {}, zones {}",
                        loaded.property(), loaded.zones());
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            // Fail closed: a lockdown file we cannot read may have said "lockdown".
            LOG.error("Local lockdown file {} is unreadable; assuming the property is in lockdown", lockdownFile, e);
            return new LocalLockdown(true, Set.of());
        }
    }

    private static String method(CredentialType type) {
        return switch (type) {
            case MOBILE_KEY -> "mobile-key";
            case CARD -> "card";
            case PIN -> "pin";
        };
    }

    private static Path dataArea(BundleContext context) {
        File area = context.getDataFile("");
        return area == null ? null : area.toPath();
    }
}
