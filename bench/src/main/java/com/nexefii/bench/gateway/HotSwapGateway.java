package com.nexefii.bench.gateway;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

import com.nexefii.bench.load.FixedRateLoad;
import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.BundleRebuilder;

/**
 * Scenario 7, the measured process: a gateway's command path in Apache Felix (SCR, Config Admin,
 * Event Admin, File Install, the event publisher with the durable event store required, the lock
 * router, a simulated lock controller with zero latency). Unlock commands go to the router at a
 * fixed rate, as the cloud connector and the local API send them; while they run, the simulator
 * bundle is replaced by a rebuilt version ({@code Bundle.update}, then a refresh, as Deployment
 * Admin does) every few seconds. Afterwards the event store is read back: sequence numbers must be
 * contiguous and every answered command must have exactly one {@code COMMAND_RESULT} with its outcome.
 *
 * <p>The lock API and the event store API are exported by the system bundle from this JVM's class
 * path, so the launcher calls the router and reads the store with the same classes the bundles use.
 *
 * <pre>java -cp ... HotSwapGateway WORK BUNDLES_DIR RATE WARMUP_S MEASURED_S SWAP_EVERY_MS(0: none) LOCKS</pre>
 *
 * Prints one {@code RESULT key=value ...} line, then {@code SWAP ...} lines and {@code OUTCOMES ...}.
 */
public final class HotSwapGateway {

    public static final List<String> BUNDLES = List.of("org.osgi.util.function.jar", "org.osgi.util.promise.jar",
            "org.osgi.service.component.jar", "org.apache.felix.scr.jar", "org.apache.felix.log.jar",
            "org.apache.felix.configadmin.jar", "org.apache.felix.eventadmin.jar", "org.apache.felix.fileinstall.jar",
            "com.nexefii.lock.events.jar", "com.nexefii.event.store.jar", "com.nexefii.lock.router.jar",
            "com.nexefii.lock.simulator.jar");
    static final String ADAPTER_ID = "swap";
    static final String SIMULATOR = "com.nexefii.lock.simulator";

    private HotSwapGateway() {
    }

    /** One replacement of the adapter bundle, nanoTime stamps. */
    record Swap(long start, long updated, long refreshed, long adapterBack) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path bundles = Path.of(args[1]);
        double rate = Double.parseDouble(args[2]);
        Duration warmUp = Duration.ofSeconds(Long.parseLong(args[3]));
        Duration measured = Duration.ofSeconds(Long.parseLong(args[4]));
        long swapEveryMillis = Long.parseLong(args[5]);
        int lockCount = Integer.parseInt(args[6]);

        Path config = writeConfig(work.resolve("config"), work.resolve("data"), lockCount);
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                "org.slf4j;version=2.0.17", "org.slf4j.spi;version=2.0.17", "org.slf4j.event;version=2.0.17",
                "org.slf4j.helpers;version=2.0.17",
                // the lock API version the bundles under test import (lock.api package-info @Version)
                "com.nexefii.lock.api;version=1.2.0", "com.nexefii.event.store;version=1.0.0;uses:=com.nexefii.lock.api"));
        properties.put("felix.fileinstall.dir", config.toString());
        properties.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.poll", "500");
        properties.put("felix.fileinstall.log.level", "2");

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        // registrations of the swapped adapter, to time when the new version serves again
        ConcurrentLinkedQueue<Long> adapterRegistered = new ConcurrentLinkedQueue<>();
        CountDownLatch adapterUp = new CountDownLatch(1);
        context.addServiceListener((AllServiceListener) event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                adapterRegistered.add(System.nanoTime());
                adapterUp.countDown();
            }
        }, "(&(objectClass=" + LockAdapter.class.getName() + ")(" + LockAdapter.ADAPTER_ID + "=" + ADAPTER_ID + "))");
        List<Bundle> installed = new ArrayList<>();
        for (String jar : BUNDLES) {
            installed.add(context.installBundle(bundles.resolve(jar).toUri().toString()));
        }
        for (Bundle bundle : installed) {
            bundle.start();
        }
        framework.start();
        try {
            if (!adapterUp.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the simulator adapter did not register: " + Arrays.stream(
                        context.getBundles()).map(b -> b.getSymbolicName() + "=" + b.getState()).toList());
            }
            LockRouter router = await(context, LockRouter.class);
            EventStore store = await(context, EventStore.class);
            Bundle simulator = Arrays.stream(context.getBundles()).filter(b -> SIMULATOR.equals(b.getSymbolicName()))
                    .findFirst().orElseThrow();
            measure(context, framework, router, store, simulator, adapterRegistered, rate, warmUp, measured,
                    swapEveryMillis, lockCount);
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }
        System.exit(0);
    }

    private static void measure(BundleContext context, Framework framework, LockRouter router, EventStore store,
            Bundle simulator, ConcurrentLinkedQueue<Long> adapterRegistered, double rate, Duration warmUp,
            Duration measured, long swapEveryMillis, int lockCount) throws Exception {
        long interval = (long) (1e9 / rate);
        int warmUpCount = (int) (warmUp.toNanos() / interval);
        int total = warmUpCount + (int) (measured.toNanos() / interval);
        long[] completedAt = new long[total];
        Outcome[] outcomes = new Outcome[total];
        String[] commandIds = new String[total];

        // every swap's jar is built before the load starts: building it is not part of the swap
        List<byte[]> jars = new ArrayList<>();
        long swapsWanted = swapEveryMillis <= 0 ? 0
                : Math.max(1, (measured.toMillis() - 2_000) / swapEveryMillis);
        for (int i = 0; i < swapsWanted; i++) {
            Version version = new Version(simulator.getVersion().getMajor(), simulator.getVersion().getMinor(),
                    simulator.getVersion().getMicro(), "hotswap" + (i + 1));
            jars.add(BundleRebuilder.rebuild(simulator, version));
        }
        FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
        List<Swap> swaps = new ArrayList<>();
        Thread swapper = new Thread(() -> {
            try {
                long first = System.nanoTime() + warmUp.toNanos();
                for (int i = 0; i < jars.size(); i++) {
                    long due = first + (i + 1) * TimeUnit.MILLISECONDS.toNanos(swapEveryMillis);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int before = adapterRegistered.size();
                    long start = System.nanoTime();
                    simulator.update(new ByteArrayInputStream(jars.get(i)));
                    long updated = System.nanoTime();
                    CountDownLatch refreshed = new CountDownLatch(1);
                    wiring.refreshBundles(List.of(simulator), event -> {
                        if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                            refreshed.countDown();
                        }
                    });
                    refreshed.await(30, TimeUnit.SECONDS);
                    long refreshedAt = System.nanoTime();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (adapterRegistered.size() == before && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(1);
                    }
                    List<Long> registrations = new ArrayList<>(adapterRegistered);
                    long back = registrations.size() > before ? registrations.get(registrations.size() - 1) : -1;
                    synchronized (swaps) {
                        swaps.add(new Swap(start, updated, refreshedAt, back));
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "hot-swap");

        FixedRateLoad load = new FixedRateLoad();
        swapper.start();
        long loadStart = System.nanoTime();
        FixedRateLoad.Result result = load.run(rate, warmUp, measured, Duration.ofSeconds(15), id -> {
            int i = (int) id;
            LockCommand command = LockCommand.unlock(lockId(i % lockCount), null, Duration.ofSeconds(5), "bench");
            commandIds[i] = command.commandId();
            router.execute(command).whenComplete((LockResult r, Throwable error) -> {
                completedAt[i] = System.nanoTime();
                outcomes[i] = r == null ? null : r.outcome();
                load.completed(id);
            });
        });
        swapper.join(60_000);

        // the measured window: from the first measured command's intended send to the last one's
        long measuredStart = loadStart + TimeUnit.MILLISECONDS.toNanos(10) + warmUpCount * interval;
        long measuredEnd = loadStart + TimeUnit.MILLISECONDS.toNanos(10) + (long) total * interval;
        List<Long> okTimes = new ArrayList<>();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int unanswered = 0;
        for (int i = warmUpCount; i < total; i++) {
            if (outcomes[i] == null) {
                unanswered++;
                continue;
            }
            counts.merge(outcomes[i], 1, Integer::sum);
            if (outcomes[i] == Outcome.OK) {
                okTimes.add(completedAt[i]);
            }
        }
        okTimes.sort(Long::compare);
        List<Long> bounds = new ArrayList<>();
        bounds.add(measuredStart);
        bounds.addAll(okTimes);
        bounds.add(Math.max(measuredEnd, okTimes.isEmpty() ? measuredEnd : okTimes.get(okTimes.size() - 1)));
        long longestGap = 0;
        for (int i = 1; i < bounds.size(); i++) {
            longestGap = Math.max(longestGap, bounds.get(i) - bounds.get(i - 1));
        }

        // events: contiguous sequence numbers, exactly one COMMAND_RESULT per answered command
        List<StoredEvent> stored = new ArrayList<>();
        long after = store.acknowledgedUpTo();
        List<StoredEvent> page;
        while (!(page = store.readFrom(after, 10_000)).isEmpty()) {
            stored.addAll(page);
            after = page.get(page.size() - 1).offset();
        }
        long[] sequences = stored.stream().mapToLong(s -> s.event().sequence()).sorted().toArray();
        long sequenceGaps = 0;
        long sequenceRepeats = 0;
        for (int i = 1; i < sequences.length; i++) {
            long step = sequences[i] - sequences[i - 1];
            if (step == 0) {
                sequenceRepeats++;
            } else if (step > 1) {
                sequenceGaps += step - 1;
            }
        }
        Map<String, List<String>> resultsByCommand = stored.stream()
                .filter(s -> s.event().type() == LockEventType.COMMAND_RESULT)
                .collect(Collectors.groupingBy(s -> s.event().attributes().getOrDefault("commandId", ""),
                        Collectors.mapping(s -> s.event().attributes().getOrDefault("outcome", ""),
                                Collectors.toList())));
        int missingResults = 0;
        int repeatedResults = 0;
        int wrongOutcome = 0;
        int answered = 0;
        for (int i = 0; i < total; i++) {
            if (outcomes[i] == null) {
                continue;
            }
            answered++;
            List<String> inStore = resultsByCommand.getOrDefault(commandIds[i], List.of());
            if (inStore.isEmpty()) {
                missingResults++;
            } else if (inStore.size() > 1) {
                repeatedResults++;
            } else if (!inStore.get(0).equals(outcomes[i].name())) {
                wrongOutcome++;
            }
        }

        System.out.println(String.format(Locale.ROOT, "RESULT sent=%d answered=%d unanswered=%d ok=%d "
                + "longestGapMillis=%.3f p50=%.3f p99=%.3f p999=%.3f max=%.3f achievedRate=%.1f "
                + "storedEvents=%d firstSeq=%d lastSeq=%d sequenceGaps=%d sequenceRepeats=%d "
                + "answeredAllPhases=%d missingResults=%d repeatedResults=%d wrongOutcome=%d swaps=%d",
                result.sent(), result.sent() - unanswered, unanswered, counts.getOrDefault(Outcome.OK, 0),
                longestGap / 1e6, result.percentileMillis(50), result.percentileMillis(99),
                result.percentileMillis(99.9), result.histogram().getMaxValue() / 1000.0, result.achievedRate(),
                stored.size(), sequences.length == 0 ? -1 : sequences[0],
                sequences.length == 0 ? -1 : sequences[sequences.length - 1], sequenceGaps, sequenceRepeats,
                answered, missingResults, repeatedResults, wrongOutcome, swaps.size()));
        Map<String, Integer> named = new TreeMap<>();
        counts.forEach((k, v) -> named.put(k.name(), v));
        System.out.println("OUTCOMES " + named.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        for (Swap s : swaps) {
            // the longest stretch without an OK result that overlaps this swap
            long gap = 0;
            for (int i = 1; i < bounds.size(); i++) {
                long from = bounds.get(i - 1);
                long to = bounds.get(i);
                if (to >= s.start() && from <= Math.max(s.adapterBack(), s.refreshed())) {
                    gap = Math.max(gap, to - from);
                }
            }
            int failedDuring = 0;
            for (int i = warmUpCount; i < total; i++) {
                if (outcomes[i] != null && outcomes[i] != Outcome.OK && completedAt[i] >= s.start()
                        && completedAt[i] <= Math.max(s.adapterBack(), s.refreshed()) + TimeUnit.SECONDS.toNanos(1)) {
                    failedDuring++;
                }
            }
            System.out.println(String.format(Locale.ROOT, "SWAP updateMillis=%.1f refreshMillis=%.1f "
                    + "adapterBackMillis=%.1f gapMillis=%.1f failed=%d", (s.updated() - s.start()) / 1e6,
                    (s.refreshed() - s.updated()) / 1e6, s.adapterBack() < 0 ? -1.0 : (s.adapterBack() - s.start()) / 1e6,
                    gap / 1e6, failedDuring));
        }
        System.out.flush();
    }

    static String lockId(int index) {
        return String.format(Locale.ROOT, "%s-%03d", ADAPTER_ID, index + 1);
    }

    private static <T> T await(BundleContext context, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ServiceReference<T> reference = context.getServiceReference(type);
            if (reference != null) {
                T service = context.getService(reference);
                if (service != null) {
                    return service;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("no " + type.getName() + " service (is its package wired to the system bundle?)");
    }

    static Path writeConfig(Path dir, Path data, int lockCount) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("com.nexefii.lock.events.config"), String.join("\n",
                "propertyId=\"hotel-bench\"",
                "gatewayId=\"gw-bench\"",
                "dataDirectory=\"" + data.resolve("events") + "\"",
                "requireDurableListener=B\"true\"", ""));
        Files.writeString(dir.resolve("com.nexefii.event.store.config"), String.join("\n",
                "dataDirectory=\"" + data.resolve("store") + "\"", ""));
        Files.writeString(dir.resolve("com.nexefii.lock.simulator-swap.config"), String.join("\n",
                "adapterId=\"" + ADAPTER_ID + "\"",
                "lockCount=I\"" + lockCount + "\"",
                "latencyMinMillis=I\"0\"",
                "latencyMaxMillis=I\"0\"",
                "doorOpenAfterUnlockProbability=D\"0.0\"",
                "randomSeed=L\"1\"", ""));
        return dir;
    }
}
