package com.nexefii.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the scenarios of issue 8 in order and writes RESULTS.md. A scenario that fails or cannot run
 * is reported as "not run" with the reason; the others still run.
 *
 * <pre>
 * java -cp ... com.nexefii.bench.BenchMain [--quick] [--only 4,2] [--out RESULTS.md] [--work DIR]
 *     [--gateway-bundles DIR] [--gateway-jar JAR] [--stack-env stack.env] [--jvm-arg ARG]...
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    static List<Scenario> scenarios() {
        return List.of(new OfflineDecisionScenario(), new EventAppendScenario(), new GatewayStartScenario(),
                new ReplayScenario(), new RemoteUnlockScenario(), new AuthenticatedRestScenario(),
                new AuditIngestScenario(), new AdapterHotSwapScenario());
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<Integer> only = new TreeSet<>();
        Path out = Path.of("RESULTS.md");
        Path work = Path.of("target", "bench-work");
        Path bundles = Path.of("target", "gateway-bundles");
        Path stackEnv = null;
        Path gatewayJar = null;
        Path findings = Path.of("FINDINGS.md");
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf)
                        .forEach(only::add);
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--gateway-bundles" -> bundles = Path.of(args[++i]);
                case "--stack-env" -> stackEnv = Path.of(args[++i]);
                case "--gateway-jar" -> gatewayJar = Path.of(args[++i]);
                case "--findings" -> findings = Path.of(args[++i]);
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // scratch of earlier runs (event logs, framework storage, broker certificates) goes first
        Scratch.deleteTree(work);
        Files.createDirectories(work);
        BenchSettings settings = new BenchSettings(quick, work.toAbsolutePath(), System.getProperty("java.class.path"),
                bundles.toAbsolutePath(), gatewayJar == null ? null : gatewayJar.toAbsolutePath(),
                stackEnv == null ? null : stackEnv.toAbsolutePath(), List.copyOf(jvmArgs));

        Map<Integer, String> titles = new LinkedHashMap<>();
        List<Figure> figures = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            titles.put(scenario.number(), scenario.title());
            if (!only.isEmpty() && !only.contains(scenario.number())) {
                continue;
            }
            System.out.printf("%n===== scenario %d: %s (load %s)%n", scenario.number(), scenario.title(),
                    Machine.loadAverages());
            try {
                List<Figure> measured = scenario.run(settings);
                measured.forEach(f -> System.out.println("  " + f));
                figures.addAll(measured);
            } catch (Exception | Error e) {
                e.printStackTrace();
                figures.add(Figure.notRun(scenario.number(), scenario.title(),
                        "failed: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                                .replace('\n', ' ')));
            }
        }
        String command = "bench/run.sh" + (quick ? " --quick" : "") + (only.isEmpty() ? "" : " --only "
                + String.join(",", only.stream().map(String::valueOf).toList()));
        ResultsReport.write(out, quick, titles, figures, findings, command);
        System.out.println("\nWrote " + out.toAbsolutePath());
    }
}
