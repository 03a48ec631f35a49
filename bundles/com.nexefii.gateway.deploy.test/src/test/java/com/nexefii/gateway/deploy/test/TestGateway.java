package com.nexefii.gateway.deploy.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;

/** What the tests share: the signing keys, the installer's trust, services that come and go. */
final class TestGateway {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String EVENTS_PID = "com.nexefii.lock.events";
    static final String INSTALLER_PID = "com.nexefii.gateway.deploy";
    static final String SIMULATOR_FACTORY_PID = "com.nexefii.lock.simulator";
    static final int HEALTH_WINDOW_SECONDS = 5;

    /** Trusted beside the build's key, as during a key rotation. */
    private static SigningKey rotation;
    /** Trusted by nobody. */
    private static SigningKey stranger;

    private TestGateway() {
    }

    static synchronized SigningKey rotationKey() throws IOException, InterruptedException {
        if (rotation == null) {
            rotation = SigningKey.generate(PackageFiles.work("keys"), "nexefii-rotation");
        }
        return rotation;
    }

    static synchronized SigningKey strangerKey() throws IOException, InterruptedException {
        if (stranger == null) {
            stranger = SigningKey.generate(PackageFiles.work("keys"), "stranger");
        }
        return stranger;
    }

    static Path buildCertificate() {
        return Path.of(System.getProperty("nexefii.test.build.certificate"));
    }

    /** Makes the installer trust the build's certificate and the rotation key's, with a short health window. */
    static void trustBuildAndRotationKeys(BundleContext context, ConfigurationAdmin configurationAdmin)
            throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(INSTALLER_PID, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        if (current != null && Integer.valueOf(HEALTH_WINDOW_SECONDS).equals(current.get("healthWindowSeconds"))
                && current.get("trustedCertificateFiles") instanceof String[] files && files.length == 2) {
            // already trusted: updating again would only restart the installer
        } else {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("trustedCertificateFiles",
                    new String[] { buildCertificate().toString(), rotationKey().certificate().toString() });
            properties.put("healthWindowSeconds", HEALTH_WINDOW_SECONDS);
            properties.put("keptVersions", 2);
            configuration.update(properties);
        }
        await().atMost(WAIT).ignoreExceptionsInstanceOf(PackageRejectedException.class).until(() -> {
            installer(context).verify(PackageFiles.builtSimulatorPackage());
            return true;
        });
    }

    static PackageInstaller installer(BundleContext context) throws InterruptedException {
        return service(context, PackageInstaller.class);
    }

    static <T> T service(BundleContext context, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT.toSeconds()));
            if (service == null) {
                throw new AssertionError("no " + type.getSimpleName() + " service within " + WAIT);
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /** The base URL of the default HTTP endpoint, e.g. {@code http://127.0.0.1:41234/}. */
    static String httpEndpoint(BundleContext context) {
        return await().atMost(WAIT).until(() -> endpoint(context), e -> e != null);
    }

    private static String endpoint(BundleContext context) throws Exception {
        for (String runtime : new String[] { "org.osgi.service.servlet.runtime.HttpServiceRuntime",
            "org.osgi.service.http.runtime.HttpServiceRuntime" }) {
            ServiceReference<?>[] references = context.getServiceReferences(runtime, null);
            if (references == null) {
                continue;
            }
            for (ServiceReference<?> reference : references) {
                Object endpoint = reference.getProperty("osgi.http.endpoint");
                String first = endpoint instanceof String[] all ? (all.length == 0 ? null : all[0])
                        : endpoint instanceof java.util.Collection<?> c ? (c.isEmpty() ? null : String.valueOf(c.iterator().next()))
                        : endpoint == null ? null : endpoint.toString();
                if (first != null && !first.matches(".*:0/?$")) {
                    return first.endsWith("/") ? first : first + "/";
                }
            }
        }
        return null;
    }
}
