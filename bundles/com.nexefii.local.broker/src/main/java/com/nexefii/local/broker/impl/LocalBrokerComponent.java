package com.nexefii.local.broker.impl;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Set;

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

    @Override
    public char[] addDevice(String deviceId) {
        try {
            char[] password = files.addDevice(deviceId);
            supervisor.reload();
            LOG.info("Local broker device user {} added (topics {}{}/#)", deviceId, DEVICE_TOPIC_PREFIX, deviceId);
            return password;
        } catch (IOException e) {
            throw new IllegalStateException("Could not add device user " + deviceId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean removeDevice(String deviceId) {
        try {
            if (!files.removeDevice(deviceId)) {
                return false;
            }
            // a reload would leave the removed device's open connection up: restart to cut it
            supervisor.restartNow();
            LOG.info("Local broker device user {} removed; broker restarted to close its connection", deviceId);
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("Could not remove device user " + deviceId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> devices() {
        try {
            return Collections.unmodifiableSortedSet(files.devices());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
