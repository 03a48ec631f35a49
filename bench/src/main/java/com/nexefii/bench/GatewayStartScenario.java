package com.nexefii.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nexefii.bench.gateway.EmbeddedGateway;

/**
 * Scenario 8: start time and heap of a gateway with 1,000 simulated locks vs bare Felix + SCR. Each
 * start is a new JVM with empty framework storage (a first boot: bundles installed and resolved
 * from scratch), timed from process spawn to the readiness signal.
 */
public final class GatewayStartScenario implements Scenario {

    static final int LOCKS = 1000;
    static final int MAX_HEAP_MB = 128;

    /** Bare Felix + SCR and what SCR needs. */
    static final List<String> BARE = List.of("org.osgi.util.function.jar", "org.osgi.util.promise.jar",
            "org.osgi.service.component.jar", "org.apache.felix.scr.jar");
    /** The gateway's service platform and the bundles that bring 1,000 simulated locks up from configuration. */
    static final List<String> GATEWAY = List.of("org.apache.felix.log.jar", "org.apache.felix.configadmin.jar",
            "org.apache.felix.metatype.jar",
            "org.apache.felix.eventadmin.jar", "org.apache.felix.fileinstall.jar", "com.nexefii.lock.api.jar",
            "com.nexefii.lock.events.jar", "com.nexefii.lock.simulator.jar");

    record Start(double wallMillis, double uptimeMillis, double heapMb, double rssMb, String detail) {
    }

    @Override
    public int number() {
        return 8;
    }

    @Override
    public String title() {
        return "Gateway start time and heap with 1,000 simulated locks";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        Path bundles = settings.gatewayBundles();
        for (String jar : concat(BARE, GATEWAY)) {
            if (!Files.isRegularFile(bundles.resolve(jar))) {
                return List.of(Figure.notRun(8, title(), "bundle " + bundles.resolve(jar)
                        + " missing (bench/run.sh copies them at package time)"));
            }
        }
        Path config = writeConfig(settings.work().resolve("gateway-config"), settings.work().resolve("gateway-data"));
        int runs = settings.pick(3, 7);
        Measured<List<Start>> bare = Measured.of(() -> starts(settings, runs, "-", 0, BARE));
        Measured<List<Start>> gateway = Measured.of(() -> starts(settings, runs, config.toString(), LOCKS,
                concat(BARE, GATEWAY)));
        Start b = median(bare.value());
        Start g = median(gateway.value());
        List<Figure> jarFigures = jarFigures(settings, runs, b, bare.load());
        String how = "median of " + runs + " JVM starts (fresh framework storage each), -Xmx" + MAX_HEAP_MB
                + "m, default GC; ";
        String baselineWhat = "bare Felix 7.0.5 + SCR 2.2.18 (ready = ServiceComponentRuntime registered)";
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure(8, "start → 1,000 simulated locks registered (process spawn to readiness)", g.wallMillis(),
                        "ms", baselineWhat, b.wallMillis(), "≤ 2,000 ms", g.wallMillis() <= 2000,
                        gateway.load() + " (bare: " + bare.load() + ")", how + "JVM uptime at readiness "
                                + fmt(g.uptimeMillis()) + " ms (bare " + fmt(b.uptimeMillis()) + "); all runs ms: "
                                + walls(gateway.value()) + " (bare " + walls(bare.value()) + "); " + g.detail()),
                new Figure(8, "heap live after full GC at readiness, 1,000 locks", g.heapMb(), "MB", baselineWhat,
                        b.heapMb(), "≤ " + MAX_HEAP_MB + " MB", g.heapMb() <= MAX_HEAP_MB,
                        gateway.load(), how + "MemoryMXBean heap used after System.gc(); RSS "
                                + fmt(g.rssMb()) + " MB (bare " + fmt(b.rssMb()) + " MB)")));
        figures.addAll(jarFigures);
        return figures;
    }

    /**
     * The exported gateway jar (bundles/com.nexefii.gateway.runtime: the whole edge gateway with
     * Jetty, the web console, Gogo and logback) with only the publisher, the store and 1,000
     * simulated locks configured, started as an operator does ({@code --config --data --port}).
     * Ready = its log says the simulator is active; heap = used after a GC forced with jcmd.
     */
    private List<Figure> jarFigures(BenchSettings settings, int runs, Start bare, String bareLoad) throws Exception {
        String what = "exported gateway.jar (gateway runtime) first start: provisions the signed core and simulator"
                + " packages → simulator with 1,000 locks active";
        Path jar = settings.gatewayJar();
        if (jar == null || !Files.isRegularFile(jar)) {
            return List.of(Figure.notRun(8, what, "no gateway jar at " + jar + " (mvn -pl bundles/"
                    + "com.nexefii.gateway.runtime -am package -DskipTests builds it)"));
        }
        Path data = settings.work().resolve("jar-gateway-data");
        Path config = settings.work().resolve("jar-gateway-config");
        writeConfig(config, data);
        // The jar is the platform: the lock stack arrives as the build's signed core and simulator packages,
        // provisioned at each (first) start from the demo image the runtime module builds beside the jar.
        Path image = jar.toAbsolutePath().getParent().resolve("demo").resolve("config");
        if (!Files.isRegularFile(image.resolve("dp-signers.pem"))) {
            return List.of(Figure.notRun(8, what, "no demo image with the signed packages at " + image + " (mvn -pl "
                    + "bundles/com.nexefii.gateway.runtime -am package -DskipTests builds it)"));
        }
        Path packages = Files.createDirectories(config.resolve("packages"));
        for (String name : List.of("com.nexefii.dp.core.dp", "com.nexefii.dp.lock.simulator.dp")) {
            Files.copy(image.resolve("packages").resolve(name), packages.resolve(name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(image.resolve("dp-signers.pem"), config.resolve("dp-signers.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(config.resolve("com.nexefii.gateway.deploy.config"),
                "trustedCertificateFiles=[\"${nexefii.config}/dp-signers.pem\"]\n");
        Files.writeString(config.resolve("com.nexefii.lock.events.config"), String.join("\n",
                "propertyId=\"hotel-bench\"", "gatewayId=\"gw-bench\"", "dataDirectory=\"" + data.resolve("events")
                        + "\"", "requireDurableListener=B\"true\"", ""));
        Files.writeString(config.resolve("com.nexefii.event.store.config"),
                "dataDirectory=\"" + data.resolve("store") + "\"\n");
        Measured<List<Start>> starts = Measured.of(() -> {
            List<Start> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                all.add(jarStart(settings, jar, config, data));
            }
            return all;
        });
        Start j = median(starts.value());
        String how = "median of " + runs + " starts of " + jar.getFileName() + " --config --data --port (fresh data "
                + "directory each), -Xmx" + MAX_HEAP_MB + "m, default GC; ";
        String baselineWhat = "bare Felix 7.0.5 + SCR 2.2.18 (ready = ServiceComponentRuntime registered)";
        return List.of(
                new Figure(8, what + " (process spawn to the log line)", j.wallMillis(), "ms", baselineWhat,
                        bare.wallMillis(), "≤ 2,000 ms", j.wallMillis() <= 2000, starts.load() + " (bare: " + bareLoad
                                + ")", how + "all runs ms: " + walls(starts.value())),
                new Figure(8, "exported gateway.jar: heap after GC at readiness, 1,000 locks", j.heapMb(),
                        "MB", baselineWhat, bare.heapMb(), "≤ " + MAX_HEAP_MB + " MB", j.heapMb() <= MAX_HEAP_MB,
                        starts.load(), how + "`jcmd GC.run` then `GC.heap_info` used; RSS " + fmt(j.rssMb())
                                + " MB"));
    }

    private static Start jarStart(BenchSettings settings, Path jar, Path config, Path data) throws Exception {
        Path gatewayData = settings.work().resolve("jar-gateway-runtime");
        Scratch.deleteTree(data);
        Scratch.deleteTree(gatewayData);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(settings.java().toString(), "-Xmx" + MAX_HEAP_MB + "m"));
        command.addAll(settings.jvmArgs());
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString(), "--data", gatewayData.toString(),
                "--port", Integer.toString(port), "--host", "127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // BENCHMARK FIXTURE: a fixed console password instead of one generated and printed
        builder.environment().put("NEXEFII_CONSOLE_PASSWORD", "bench-only-console");
        long spawn = System.nanoTime();
        Process process = builder.start();
        // a gateway that never logs readiness must not hang the run: ending it ends the read below
        java.util.concurrent.CompletableFuture.delayedExecutor(2, TimeUnit.MINUTES).execute(() -> {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        });
        StringBuilder output = new StringBuilder();
        // not try-with-resources: closing the reader while the drain thread reads it would wait for
        // the process to end, and the process ends only in the finally below
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        try {
            String line;
            boolean ready = false;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                if (line.contains("Activating simulated lock controller bench... done")) {
                    ready = true;
                    break;
                }
            }
            double wall = (System.nanoTime() - spawn) / 1e6;
            if (!ready) {
                throw new IllegalStateException("gateway jar did not get ready: " + Subprocess.tail(output.toString()));
            }
            // keep draining the log so the gateway never blocks on a full pipe
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            String pid = Long.toString(process.pid());
            Subprocess.run(List.of(jcmd, pid, "GC.run"), settings.work(), java.time.Duration.ofMinutes(1));
            String heap = Subprocess.run(List.of(jcmd, pid, "GC.heap_info"), settings.work(),
                    java.time.Duration.ofMinutes(1));
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
            double heapMb = used.find() ? Long.parseLong(used.group(1)) * 1024 / 1e6 : Double.NaN;
            double rssMb = Double.NaN;
            for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (l.startsWith("VmRSS:")) {
                    rssMb = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024 / 1e6;
                }
            }
            return new Start(wall, Double.NaN, heapMb, rssMb, "");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            out.close();
            Scratch.deleteTree(gatewayData);
        }
    }

    private static List<Start> starts(BenchSettings settings, int runs, String config, int locks, List<String> jars)
            throws Exception {
        List<Start> starts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path storage = Files.createTempDirectory(settings.work(), "felix-");
            Path data = settings.work().resolve("gateway-data");
            Scratch.deleteTree(data);
            List<String> command = new ArrayList<>(List.of(settings.java().toString(), "-Xmx" + MAX_HEAP_MB + "m"));
            command.addAll(settings.jvmArgs());
            command.addAll(List.of("-Dorg.slf4j.simpleLogger.logFile=" + storage.resolve("gateway.log"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", settings.classpath(),
                    EmbeddedGateway.class.getName(), storage.resolve("framework").toString(), config,
                    Integer.toString(locks)));
            for (String jar : jars) {
                command.add(settings.gatewayBundles().resolve(jar).toString());
            }
            long spawn = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String ready = null;
            StringBuilder output = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("READY ")) {
                        ready = line;
                        break;
                    }
                }
                double wall = (System.nanoTime() - spawn) / 1e6;
                if (ready == null) {
                    throw new IllegalStateException("gateway did not get ready: " + Subprocess.tail(output.toString()));
                }
                Map<String, String> r = Subprocess.keyValues(ready, "READY");
                starts.add(new Start(wall, Double.parseDouble(r.get("uptimeMillis")),
                        Long.parseLong(r.get("heapUsedBytes")) / 1e6, Long.parseLong(r.get("rssBytes")) / 1e6,
                        r.get("bundles") + " bundles, " + r.get("locks") + " locks; JVM uptime ms at main "
                                + r.get("atMain") + ", framework init " + r.get("atInit") + ", bundles installed "
                                + r.get("atInstalled") + ", framework started " + r.get("atStarted") + ", ready "
                                + r.get("uptimeMillis")));
                out.transferTo(java.io.Writer.nullWriter());
            } finally {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            Scratch.deleteTree(storage);
        }
        return starts;
    }

    static Path writeConfig(Path dir, Path data) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("com.nexefii.lock.events.config"), String.join("\n",
                "propertyId=\"hotel-bench\"",
                "gatewayId=\"gw-bench\"",
                "dataDirectory=\"" + data.resolve("events") + "\"", ""));
        Files.writeString(dir.resolve("com.nexefii.lock.simulator-bench.config"), String.join("\n",
                "adapterId=\"bench\"",
                "lockCount=I\"" + LOCKS + "\"",
                "latencyMinMillis=I\"0\"",
                "latencyMaxMillis=I\"0\"",
                "randomSeed=L\"1\"", ""));
        return dir;
    }

    private static Start median(List<Start> starts) {
        List<Start> sorted = new ArrayList<>(starts);
        sorted.sort((a, b) -> Double.compare(a.wallMillis(), b.wallMillis()));
        Start mid = sorted.get(sorted.size() / 2);
        double[] heaps = starts.stream().mapToDouble(Start::heapMb).sorted().toArray();
        double[] rss = starts.stream().mapToDouble(Start::rssMb).sorted().toArray();
        double[] uptimes = starts.stream().mapToDouble(Start::uptimeMillis).sorted().toArray();
        return new Start(mid.wallMillis(), uptimes[uptimes.length / 2], heaps[heaps.length / 2],
                rss[rss.length / 2], mid.detail());
    }

    private static String walls(List<Start> starts) {
        return Arrays.toString(starts.stream().mapToLong(s -> Math.round(s.wallMillis())).toArray());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
