package com.nexefii.local.broker.impl;

import java.io.File;
import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.local.broker.LocalBroker;

/**
 * Runs mosquitto while the component is active. Why a managed Debian mosquitto and not an
 * embedded Java broker: Moquette and HiveMQ CE are not OSGi bundles, mosquitto is the broker the
 * cloud side already runs and tests, and a separate process keeps device traffic out of the
 * gateway's heap. The component owns the process, so it starts and stops with the gateway and
 * follows its configuration.
 */
@Designate(ocd = LocalBrokerConfig.class)
@Component(service = LocalBroker.class, configurationPid = LocalBroker.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public class LocalBrokerComponent implements LocalBroker {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBrokerComponent.class);

    private final LocalBrokerOptions options;
    private final MosquittoFiles files;
    private final MosquittoSupervisor supervisor;

    @Activate
    public LocalBrokerComponent(BundleContext context, LocalBrokerConfig config) throws IOException {
        this(options(context, config));
    }

    LocalBrokerComponent(LocalBrokerOptions options) throws IOException {
        LOG.info("Activating local MQTT broker...");
        this.options = options;
        this.files = MosquittoFiles.prepare(options);
        this.supervisor = new MosquittoSupervisor(options, files);
        supervisor.start();
        LOG.info("Activating local MQTT broker... done: {} (user {}, anonymous refused)", options.uri(),
                options.username());
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating local MQTT broker...");
        supervisor.close();
        LOG.info("Deactivating local MQTT broker... done");
    }

    @Override
    public String uri() {
        return options.uri();
    }

    @Override
    public String username() {
        return options.username();
    }

    @Override
    public char[] password() {
        return files.password();
    }

    @Override
    public boolean running() {
        return supervisor.running();
    }

    long pid() {
        return supervisor.pid();
    }

    int restarts() {
        return supervisor.restarts();
    }

    private static LocalBrokerOptions options(BundleContext context, LocalBrokerConfig config) {
        File area = context.getDataFile("");
        return LocalBrokerOptions.from(config, area == null ? null : area.toPath());
    }
}
