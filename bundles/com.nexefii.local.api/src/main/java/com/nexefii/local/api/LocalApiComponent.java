package com.nexefii.local.api;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.annotation.bundle.Requirement;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.policy.cache.PolicyCache;

import jakarta.servlet.Servlet;

/**
 * Runs the local API on its own HTTPS-only Jetty instance, bound to the property-network address.
 *
 * <p>Why a separate instance of the gateway's Felix HTTP Jetty rather than the shared one or an
 * embedded server: the shared instance serves the web console on 127.0.0.1 over plain HTTP, and
 * must stay there; an embedded Jetty would be a second web server to patch. Felix HTTP Jetty
 * starts one more Jetty per factory configuration of {@code org.apache.felix.http}, so this
 * component writes that configuration from its own (address, port, keystore, TLS 1.2+ only, no
 * plain HTTP) and registers its servlet on the Servlet Whiteboard targeted at that instance alone.
 * Deactivating the component deletes the configuration, which stops the listener.
 */
@Designate(ocd = LocalApiConfig.class)
@Component(configurationPid = LocalApiComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Requirement(namespace = "osgi.implementation", name = "osgi.http", version = "2.0")
public class LocalApiComponent {

    static final String PID = "com.nexefii.local.api";
    /** {@code org.apache.felix.http.name} of the Jetty instance this component runs. */
    static final String HTTP_INSTANCE = "nexefii-local-api";
    static final String FELIX_HTTP_FACTORY = "org.apache.felix.http";

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiComponent.class);

    private final KeycloakKeys keys;
    private final Configuration listener;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public LocalApiComponent(BundleContext context, LocalApiConfig config, @Reference PolicyCache policy,
            @Reference LockRouter router, @Reference LockEventPublisher publisher,
            @Reference ConfigurationAdmin configurationAdmin) throws IOException {
        LOG.info("Activating local API...");
        File area = context.getDataFile("");
        LocalApiOptions options = LocalApiOptions.from(config, area == null ? null : area.toPath());
        keys = new KeycloakKeys(options.jwksUrl(), options.jwksRefresh(), options.dataDirectory(), options.jwks());
        StaffTokenVerifier staffTokens = new StaffTokenVerifier(keys, options, publisher.propertyId());
        LocalApiHandler handler = new LocalApiHandler(options, policy, router, publisher, staffTokens,
                Clock.systemUTC(), System::nanoTime);
        keys.start();

        Dictionary<String, Object> servletProperties = new Hashtable<>();
        servletProperties.put("osgi.http.whiteboard.servlet.pattern", "/api/v1/*");
        servletProperties.put("osgi.http.whiteboard.servlet.name", HTTP_INSTANCE);
        servletProperties.put("osgi.http.whiteboard.target", "(org.apache.felix.http.name=" + HTTP_INSTANCE + ")");
        servlet = context.registerService(Servlet.class, new LocalApiServlet(handler), servletProperties);

        listener = configurationAdmin.getFactoryConfiguration(FELIX_HTTP_FACTORY, HTTP_INSTANCE, "?");
        listener.updateIfDifferent(jettyProperties(options));
        LOG.info("Activating local API... done: https://{}:{}/api/v1/, token issuer {}", options.bindAddress(),
                options.port(), options.tokenIssuer());
    }

    @Deactivate
    void deactivate() {
        LOG.info("Deactivating local API...");
        try {
            listener.delete();
        } catch (IOException | IllegalStateException e) {
            LOG.warn("Could not remove the local API's HTTPS listener configuration", e);
        }
        try {
            servlet.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        keys.close();
        LOG.info("Deactivating local API... done");
    }

    static Dictionary<String, Object> jettyProperties(LocalApiOptions options) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.name", HTTP_INSTANCE);
        p.put("org.apache.felix.http.host", options.bindAddress());
        p.put("org.apache.felix.http.enable", false);
        p.put("org.apache.felix.https.enable", true);
        p.put("org.osgi.service.http.port.secure", options.port());
        p.put("org.apache.felix.https.keystore", options.keystorePath().toAbsolutePath().toString());
        p.put("org.apache.felix.https.keystore.password", options.keystorePassword());
        p.put("org.apache.felix.https.keystore.key.password", options.keyPassword());
        p.put("org.apache.felix.https.keystore.type", options.keystoreType());
        p.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        p.put("org.apache.felix.https.jetty.renegotiateAllowed", false);
        p.put("org.apache.felix.http.jetty.sendServerHeader", false);
        p.put("org.apache.felix.http.jetty.headerBufferSize", 16 * 1024);
        p.put("org.apache.felix.http.jetty.maxFormSize", options.maxRequestBytes());
        p.put("org.apache.felix.http2.enable", false);
        return p;
    }
}
