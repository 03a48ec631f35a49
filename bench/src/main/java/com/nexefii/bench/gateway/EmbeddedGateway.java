package com.nexefii.bench.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Scenario 8, the measured process: starts Apache Felix with the bundles listed on the command
 * line, waits for the readiness signal, prints {@code READY} with the JVM's uptime and the heap
 * live after a full GC, then stops.
 *
 * <p>Readiness of a gateway: lock adapters offering at least the expected number of locks are
 * registered (service property {@code nexefii.lock.count}), which needs the factory configuration configuration read from
 * the config directory by File Install, Config Admin, SCR, the event publisher and the simulator.
 * Readiness of bare Felix + SCR: the Service Component Runtime service is registered.
 *
 * <pre>java -cp ... EmbeddedGateway STORAGE CONFIG_DIR|- EXPECTED_LOCKS BUNDLE.jar...</pre>
 */
public final class EmbeddedGateway {

    static final String LOCK_ADAPTER = "com.nexefii.lock.api.LockAdapter";
    static final String LOCK_COUNT = "nexefii.lock.count";
    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private EmbeddedGateway() {
    }

    public static void main(String[] args) throws Exception {
        long mainEntered = uptime();
        Path storage = Path.of(args[0]);
        String configDir = args[1];
        int expectedLocks = Integer.parseInt(args[2]);
        List<Path> bundles = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            bundles.add(Path.of(args[i]));
        }

        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        // slf4j comes from the launcher's class path (slf4j-simple, to a log file), as a gateway
        // runtime's logging back end would, instead of an SPI Fly + logback stack
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,org.slf4j.event;version=2.0.17,"
                        + "org.slf4j.helpers;version=2.0.17");
        if (!"-".equals(configDir)) {
            properties.put("felix.fileinstall.dir", configDir);
            properties.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
            properties.put("felix.fileinstall.noInitialDelay", "true");
            properties.put("felix.fileinstall.poll", "2000");
            properties.put("felix.fileinstall.log.level", "2");
        }

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.init();
        long initDone = uptime();
        BundleContext context = framework.getBundleContext();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicInteger locks = new AtomicInteger();
        if (expectedLocks > 0) {
            // AllServiceListener: the launcher's class path has its own copy of the lock API, which a
            // plain ServiceListener would take as a different class and filter the event out
            context.addServiceListener((AllServiceListener) event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    Object count = event.getServiceReference().getProperty(LOCK_COUNT);
                    if (count instanceof Number n && locks.addAndGet(n.intValue()) >= expectedLocks) {
                        ready.countDown();
                    }
                }
            }, "(objectClass=" + LOCK_ADAPTER + ")");
        } else {
            context.addServiceListener((AllServiceListener) event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    ready.countDown();
                }
            }, "(objectClass=" + SCR + ")");
        }

        List<Bundle> installed = new ArrayList<>();
        for (Path bundle : bundles) {
            installed.add(context.installBundle(bundle.toUri().toString()));
        }
        long installed_ = uptime();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        framework.start();
        long started = uptime();
        if (expectedLocks == 0 && context.getServiceReference(SCR) != null) {
            ready.countDown();
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            List<String> states = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                states.add(b.getSymbolicName() + "=" + b.getState());
            }
            ServiceReference<?>[] adapters = context.getAllServiceReferences(LOCK_ADAPTER, null);
            List<String> adapterProperties = new ArrayList<>();
            for (ServiceReference<?> ref : adapters == null ? new ServiceReference<?>[0] : adapters) {
                Map<String, Object> props = new HashMap<>();
                for (String key : ref.getPropertyKeys()) {
                    props.put(key, ref.getProperty(key));
                }
                adapterProperties.add(props.toString());
            }
            System.out.println("NOT-READY locks=" + locks.get() + " adapters=" + adapterProperties + " bundles=" + states);
            framework.stop();
            System.exit(2);
        }
        long uptime = uptime();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = memory.getHeapMemoryUsage().getUsed();
        long nonHeap = memory.getNonHeapMemoryUsage().getUsed();
        System.out.println("READY uptimeMillis=" + uptime + " heapUsedBytes=" + heap + " nonHeapUsedBytes=" + nonHeap
                + " rssBytes=" + rss() + " locks=" + locks.get() + " bundles=" + context.getBundles().length
                // where the time went, as JVM uptime in ms at each step
                + " atMain=" + mainEntered + " atInit=" + initDone + " atInstalled=" + installed_ + " atStarted="
                + started);
        System.out.flush();
        framework.stop();
        framework.waitForStop(30_000);
        System.exit(0);
    }

    private static long uptime() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
