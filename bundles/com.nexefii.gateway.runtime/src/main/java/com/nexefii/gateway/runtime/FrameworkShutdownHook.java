package com.nexefii.gateway.runtime;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework in order when the JVM is asked to exit (SIGTERM, Ctrl-C, a service manager's
 * stop), so every bundle deactivates and flushes its state; neither Felix nor bnd's launcher does
 * this on their own.
 */
@Component(immediate = true)
public final class FrameworkShutdownHook {

    /** Longer than any bundle should need; a service manager kills us after its own timeout anyway. */
    static final long STOP_TIMEOUT_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkShutdownHook.class);

    private final Thread hook;

    @Activate
    public FrameworkShutdownHook(BundleContext context) {
        Bundle systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        this.hook = new Thread(() -> stop(systemBundle), "gateway-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // we are being deactivated by the hook itself
        }
    }

    private static void stop(Bundle systemBundle) {
        long start = System.nanoTime();
        LOG.info("JVM exit requested: stopping the gateway framework");
        try {
            systemBundle.stop();
            if (systemBundle instanceof Framework framework) {
                FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
                long millis = (System.nanoTime() - start) / 1_000_000;
                // Logging is gone with its bundles by now; this line is the last word on stdout.
                System.out.println(event.getType() == FrameworkEvent.WAIT_TIMEDOUT
                        ? "Nexefii gateway did not stop within " + STOP_TIMEOUT_MILLIS + " ms"
                        : "Nexefii gateway stopped cleanly in " + millis + " ms");
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("Nexefii gateway failed to stop cleanly: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
