package com.nexefii.lock.tcp;

import java.io.File;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockEventPublisher;

/**
 * One TCP lock controller, from one factory configuration. The {@link LockAdapter} service is
 * registered by hand rather than by DS because its {@link LockAdapter#ADAPTER_ID} property comes
 * from the configuration and its statistics properties change while it runs.
 *
 * <p>On deactivation (configuration change, bundle update, uninstall) the service goes first, so
 * routers stop sending, then in-flight commands are answered or CANCELLED.
 */
@Component(
        configurationPid = TcpLockAdapterComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {})
@Designate(ocd = TcpAdapterConfig.class, factory = true)
// registered by hand, so declare it for resolvers that look for LockAdapter providers
@Capability(namespace = "osgi.service", effective = "active",
        attribute = "objectClass:List<String>=com.nexefii.lock.api.LockAdapter")
public class TcpLockAdapterComponent {

    static final String PID = "com.nexefii.lock.tcp";

    private static final Logger LOG = LoggerFactory.getLogger(TcpLockAdapterComponent.class);

    @Reference
    private LockEventPublisher publisher;

    private final Object registrationGuard = new Object();
    private TcpLockAdapter adapter;
    private ServiceRegistration<LockAdapter> registration;
    private Map<String, Object> baseProperties;

    @Activate
    void activate(BundleContext context, TcpAdapterConfig config) {
        TcpAdapterOptions options = TcpAdapterOptions.from(config);
        LOG.info("Activating TCP lock adapter {} for controller {}...", options.adapterId(), options.endpoint());
        File dataArea = context.getDataFile("");
        Path data = dataArea == null ? null : dataArea.toPath();
        TcpLockAdapter created = new TcpLockAdapter(options, publisher, KnownUnits.in(data, options.adapterId()),
                ControllerEventLedger.in(data, options.adapterId()), this::updateServiceProperties);
        baseProperties = Map.of(LockAdapter.PROTOCOL, TcpLockAdapter.PROTOCOL, LockAdapter.ADAPTER_ID,
                options.adapterId(), "nexefii.lock.tcp.controller", options.endpoint());
        synchronized (registrationGuard) {
            adapter = created;
            created.start();
            registration = context.registerService(LockAdapter.class, created, properties(created));
        }
        LOG.info("Activating TCP lock adapter {}... done, {} known lock(s)", options.adapterId(),
                created.locks().size());
    }

    @Deactivate
    void deactivate() {
        TcpLockAdapter stopping;
        synchronized (registrationGuard) {
            stopping = adapter;
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    LOG.debug("already unregistered", e);
                }
                registration = null;
            }
        }
        if (stopping != null) {
            LOG.info("Deactivating TCP lock adapter {}...", stopping.adapterId());
            stopping.stop();
            LOG.info("Deactivating TCP lock adapter {}... done, {}", stopping.adapterId(), stopping.statistics());
        }
    }

    private void updateServiceProperties() {
        synchronized (registrationGuard) {
            if (registration == null || adapter == null) {
                return;
            }
            try {
                registration.setProperties(properties(adapter));
            } catch (IllegalStateException e) {
                LOG.debug("registration gone", e);
            }
        }
    }

    private Dictionary<String, Object> properties(TcpLockAdapter source) {
        Hashtable<String, Object> properties = new Hashtable<>(baseProperties);
        properties.putAll(source.statistics().asServiceProperties());
        return properties;
    }
}
