package com.nexefii.cloud.connector.mqtt;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.event.store.EventStore;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.policy.cache.PolicyCache;

/**
 * The cloud connector component. The property and gateway ids of every topic come from the
 * {@link LockEventPublisher} (configuration PID {@code com.nexefii.lock.events}): the ids stamped on
 * events and the ids in the topics can never disagree. The policy cache is optional and dynamic: the
 * link stays up without it, and policy messages are counted as undeliverable meanwhile.
 */
@Component(
        service = CloudConnectorStatus.class,
        immediate = true,
        configurationPid = CloudConnectorComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CloudConnectorConfig.class)
public class CloudConnectorComponent implements CloudConnectorStatus {

    static final String PID = "com.nexefii.cloud.connector";
    /** Executed command ids are kept this long past their expiry, in case the clock steps back. */
    static final Duration REPLAY_MARGIN = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(CloudConnectorComponent.class);

    @Reference
    EventStore store;

    @Reference
    LockRouter router;

    @Reference
    LockEventPublisher publisher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PolicyCache policyCache;

    /** Present while the gateway is configured for cloud package installs (see PackageInstallsComponent). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PackageInstalls packageInstalls;

    /**
     * How often the installer is asked for outcomes it kept: an update of the core package replaces this
     * component while its health gate runs, so the outcome arrives after the new connector started.
     */
    static final Duration KEPT_OUTCOMES_INTERVAL = Duration.ofSeconds(3);

    private CloudLink link;
    private ExecutedCommands executed;
    private ScheduledExecutorService keptOutcomes;

    @Activate
    void activate(BundleContext context, CloudConnectorConfig config) throws IOException, MqttException {
        File area = context.getDataFile("cloud-connector");
        CloudConnectorOptions options = CloudConnectorOptions.from(config, area == null ? null : area.toPath());
        activateWith(options, () -> bundleVersions(context), Clock.systemUTC());
    }

    void activateWith(CloudConnectorOptions options, java.util.function.Supplier<Map<String, String>> bundles,
            Clock clock) throws IOException, MqttException {
        String propertyId = publisher.propertyId();
        String gatewayId = publisher.gatewayId();
        LOG.info("Activating cloud connector for {}/{} to {}...", propertyId, gatewayId, options.brokerUri());
        SSLSocketFactory tls = MutualTls.socketFactory(options);
        Path replay = options.dataDirectory();
        try {
            executed = new ExecutedCommands(replay, REPLAY_MARGIN, clock);
        } catch (IOException e) {
            throw new IOException("dataDirectory: cannot keep executed command ids in " + replay + ": " + e.getMessage(),
                    e);
        }
        link = new CloudLink(options, propertyId, gatewayId, store, router, publisher, () -> policyCache, bundles, tls,
                executed, clock);
        link.enablePackageCommands(() -> packageInstalls);
        link.start();
        CloudLink started = link;
        keptOutcomes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloud-kept-package-outcomes");
            t.setDaemon(true);
            return t;
        });
        keptOutcomes.scheduleWithFixedDelay(started::reportKeptPackageOutcomes, 0,
                KEPT_OUTCOMES_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Activating cloud connector... done; {} executed command ids remembered", executed.size());
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating cloud connector...");
        if (keptOutcomes != null) {
            keptOutcomes.shutdownNow();
        }
        if (link != null) {
            link.stop();
        }
        if (executed != null) {
            try {
                executed.close();
            } catch (IOException e) {
                LOG.warn("Closing the executed command ids failed", e);
            }
        }
        LOG.info("Deactivating cloud connector... done");
    }

    static Map<String, String> bundleVersions(BundleContext context) {
        Map<String, String> versions = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name != null && name.startsWith("com.nexefii.") && versions.size() < 200) {
                versions.put(name, b.getVersion().toString());
            }
        }
        return versions;
    }

    @Override
    public boolean connected() {
        return link != null && link.connected();
    }

    @Override
    public Map<String, Long> counters() {
        return link == null ? Map.of() : link.counters();
    }
}
