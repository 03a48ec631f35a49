package com.nexefii.cloud.connector.mqtt;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.PackageInstallRequest;
import com.nexefii.gateway.deploy.PackageInstallService;

/**
 * Offers the gateway's {@link PackageInstallService} to the connector as {@link PackageInstalls} while it
 * exists (the gateway is configured for cloud installs). Tracked by class name rather than by a DS reference:
 * the installer is an optional import and must not become a resolver requirement of every framework the
 * connector runs in; the installer's types are touched only once such a service exists.
 */
@Component(immediate = true, service = {})
public class PackageInstallsComponent {

    static final String SERVICE = "com.nexefii.gateway.deploy.PackageInstallService";
    private static final Logger LOG = LoggerFactory.getLogger(PackageInstallsComponent.class);

    private ServiceTracker<Object, ServiceRegistration<PackageInstalls>> tracker;

    @Activate
    void activate(BundleContext context) {
        tracker = new ServiceTracker<>(context, SERVICE, null) {
            @Override
            public ServiceRegistration<PackageInstalls> addingService(ServiceReference<Object> reference) {
                Object service = context.getService(reference);
                try {
                    PackageInstalls adapter = Adapter.of(service);
                    LOG.info("Cloud package installs available");
                    return context.registerService(PackageInstalls.class, adapter, null);
                } catch (LinkageError | ClassCastException e) {
                    LOG.warn("The package installer appeared after the connector was resolved; refresh the"
                            + " connector bundle to enable cloud package installs ({})", e.toString());
                    context.ungetService(reference);
                    return null;
                }
            }

            @Override
            public void removedService(ServiceReference<Object> reference,
                    ServiceRegistration<PackageInstalls> registration) {
                registration.unregister();
                context.ungetService(reference);
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /** Loaded only when an installer service exists, so its package is wired. */
    static final class Adapter implements PackageInstalls {
        private final PackageInstallService service;

        private Adapter(PackageInstallService service) {
            this.service = service;
        }

        static PackageInstalls of(Object service) {
            return new Adapter((PackageInstallService) service);
        }

        @Override
        public void install(String commandId, String packageName, String version, URI url, String sha256, long size,
                BiConsumer<String, Map<String, String>> stages) {
            service.install(new PackageInstallRequest(commandId, packageName, version, url, sha256, size),
                    (stage, details) -> stages.accept(stage.name(), details));
        }

        @Override
        public List<Outcome> unreported() {
            return service.unreported().stream().map(o -> new Outcome(o.request().requestId(),
                    o.request().packageName(), o.request().version(), o.stage().name(), o.details())).toList();
        }

        @Override
        public void reported(String commandId) {
            service.reported(commandId);
        }
    }
}
