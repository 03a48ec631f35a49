package com.nexefii.cloud.infrastructure;

import com.nexefii.cloud.application.CommandService;
import com.nexefii.cloud.application.CredentialSigner;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.infrastructure.messaging.mqtt.MqttBridge;
import com.nexefii.cloud.infrastructure.messaging.webhook.WebhookDispatcher;
import com.nexefii.cloud.infrastructure.persistence.DatabaseMigration;
import com.nexefii.cloud.infrastructure.persistence.DatabaseOptions;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import com.nexefii.cloud.interfaces.gateway.mqtt.EventBatcher;
import com.nexefii.cloud.interfaces.gateway.mqtt.GatewayMessages;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up order: database migrations (owner role), signing keys, ingest worker, MQTT bridge, then
 * the periodic work (command expiry and redelivery, webhook dispatch). Stopped in reverse.
 */
@ApplicationScoped
public class CloudLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CloudLifecycle.class);

    @Inject
    DatabaseOptions databaseOptions;
    @Inject
    CredentialSigner signer;
    @Inject
    GatewayMessages gatewayMessages;
    @Inject
    EventBatcher batcher;
    @Inject
    MqttBridge bridge;
    @Inject
    CommandService commands;
    @Inject
    WebhookDispatcher webhooks;
    @Inject
    PropertyRepository properties;
    @Inject
    GatewayRepository gateways;
    @Inject
    Transactions tx;
    @Inject
    @ConfigProperty(name = "nexefii.command.sweep-interval", defaultValue = "PT2S")
    Duration sweepInterval;
    @Inject
    @ConfigProperty(name = "nexefii.webhook.dispatch-interval", defaultValue = "PT1S")
    Duration dispatchInterval;

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedThreadFactory threads;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // In an EAR the deploying thread's context class loader is the EAR's, which does not see the
        // WAR's META-INF/microprofile-config.properties: start with the WAR's own loader.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CloudLifecycle.class.getClassLoader());
        try {
            start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void start() {
        LOG.info("Starting Nexefii cloud...");
        if (databaseOptions.migrate()) {
            DatabaseMigration.migrate(databaseOptions, CloudLifecycle.class.getClassLoader());
        }
        signer.publicJwks();
        gatewayMessages.start();
        batcher.start(threads);
        bridge.start();
        tasks.add(scheduler.scheduleWithFixedDelay(this::sweepCommands, sweepInterval.toMillis(),
                sweepInterval.toMillis(), TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(this::dispatchWebhooks, dispatchInterval.toMillis(),
                dispatchInterval.toMillis(), TimeUnit.MILLISECONDS));
        LOG.info("Starting Nexefii cloud... done");
    }

    /** Expires overdue commands; sends queued ones to online gateways (e.g. after a broker outage). */
    void sweepCommands() {
        try {
            bridge.watchdog();
            for (PropertyId p : properties.allIds()) {
                commands.expireDue(p);
                if (bridge.connected()) {
                    for (Gateway g : tx.inProperty(p, () -> gateways.list(p))) {
                        if (g.online()) {
                            commands.gatewayOnline(p, g.gatewayId());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Command sweep failed: {}", e.toString());
        }
    }

    void dispatchWebhooks() {
        try {
            webhooks.runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Webhook dispatch failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        LOG.info("Stopping Nexefii cloud...");
        tasks.forEach(t -> t.cancel(false));
        bridge.stop();
        batcher.stop();
        LOG.info("Stopping Nexefii cloud... done");
    }
}
