package com.nexefii.gateway.deploy.locks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.PackageHealthCheck;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;

/**
 * Health check: every lock adapter registered by a bundle of the installed package answers a
 * {@code QUERY_STATE} for one of its locks with {@code OK}. The command goes to the adapter itself,
 * not through the router, because it is this adapter's new version under test. Like every command
 * it is audited as a {@code COMMAND_RESULT} event ({@code requestedBy=gateway-self-test}).
 *
 * <p>An adapter without locks passes: there is nothing to reach, and a property's first install
 * happens before any lock is paired.
 */
@Component(
        service = PackageHealthCheck.class,
        immediate = true,
        configurationPid = LockSelfTest.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PackageHealthCheck.NAME + "=" + LockSelfTest.NAME)
@Designate(ocd = LockSelfTestConfig.class)
public class LockSelfTest implements PackageHealthCheck {

    static final String PID = "com.nexefii.gateway.deploy.locks";
    static final String NAME = "lock-self-test";
    static final String REQUESTED_BY = "gateway-self-test";
    private static final Logger LOG = LoggerFactory.getLogger(LockSelfTest.class);

    private final Map<ServiceReference<LockAdapter>, LockAdapter> adapters = new ConcurrentHashMap<>();
    private final LockSelfTestOptions options;

    @Activate
    public LockSelfTest(LockSelfTestConfig config) {
        this.options = LockSelfTestOptions.from(config);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAdapter(ServiceReference<LockAdapter> reference, LockAdapter adapter) {
        adapters.put(reference, adapter);
    }

    void removeAdapter(ServiceReference<LockAdapter> reference) {
        adapters.remove(reference);
    }

    @Override
    public List<String> check(String packageName, Collection<Bundle> bundles) {
        Set<Long> packageBundles = new HashSet<>();
        for (Bundle bundle : bundles) {
            packageBundles.add(bundle.getBundleId());
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<ServiceReference<LockAdapter>, LockAdapter> entry : adapters.entrySet()) {
            Bundle owner = entry.getKey().getBundle();
            if (owner != null && packageBundles.contains(owner.getBundleId())) {
                selfTest(entry.getValue()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** @return the problem, or empty when the adapter answered OK or has no lock to ask */
    Optional<String> selfTest(LockAdapter adapter) {
        String adapterId;
        Optional<String> lockId;
        try {
            adapterId = adapter.adapterId();
            lockId = lockToTest(adapter.locks());
        } catch (RuntimeException e) {
            return Optional.of("adapter does not list its locks: " + e);
        }
        if (lockId.isEmpty()) {
            return Optional.empty();
        }
        LockCommand command = LockCommand.of(CommandType.QUERY_STATE, lockId.get(), options.commandTimeout(),
                REQUESTED_BY);
        LockResult result;
        try {
            result = adapter.execute(command).toCompletableFuture()
                    .get(options.commandTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("adapter " + adapterId + ": interrupted while querying " + lockId.get());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.of("adapter " + adapterId + " broke its contract querying " + lockId.get() + ": " + e);
        }
        if (result.outcome().succeeded()) {
            LOG.debug("Self-test of adapter {} on lock {}: OK", adapterId, lockId.get());
            return Optional.empty();
        }
        return Optional.of("adapter " + adapterId + " cannot reach lock " + lockId.get() + ": " + result.outcome()
                + (result.detail() == null ? "" : " (" + result.detail() + ")"));
    }

    private Optional<String> lockToTest(Collection<LockInfo> locks) {
        Set<String> owned = new HashSet<>();
        for (LockInfo lock : locks) {
            owned.add(lock.lockId());
        }
        for (String configured : options.lockIds()) {
            if (owned.contains(configured)) {
                return Optional.of(configured);
            }
        }
        return locks.stream().map(LockInfo::lockId).min(Comparator.naturalOrder());
    }
}
