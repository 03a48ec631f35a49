package com.nexefii.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nexefii.bench.gateway.HotSwapGateway;

/**
 * Scenario 7: a lock adapter bundle replaced under a steady command load. A fresh JVM per run
 * ({@link HotSwapGateway}): Felix with the event publisher (durable store required), the event
 * store, the lock router and a zero-latency simulated lock controller; unlock commands at a fixed
 * rate through the router. The swap run updates the simulator bundle with a rebuilt version
 * ({@code Bundle.update} + refresh) every few seconds; the baseline run is the same load without a
 * swap. Figures: the longest time without an OK result, the commands that ended otherwise (each
 * with its outcome) or not at all, and events lost in the store (sequence gaps, answered commands
 * without exactly one {@code COMMAND_RESULT}).
 */
public final class AdapterHotSwapScenario implements Scenario {

    static final int LOCKS = 100;

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String title() {
        return "Adapter hot swap under a steady command load (gap in service, lost events)";
    }

    /** One forked run's RESULT, OUTCOMES and SWAP lines. */
    record Run(Map<String, String> result, String outcomes, List<String> swaps, String load) {

        double number(String key) {
            return Double.parseDouble(result.get(key));
        }

        long lost() {
            return (long) (number("sequenceGaps") + number("missingResults") + number("repeatedResults")
                    + number("wrongOutcome"));
        }

        long notOk() {
            return (long) (number("answered") - number("ok"));
        }

        String summary() {
            return String.format(Locale.ROOT, "%s commands at %s/s, answered %s (OK %s; %s), unanswered %s; "
                    + "latency p50 %s ms, p99 %s, p99.9 %s, max %s; store: %s events, seq %s..%s, %s gaps, %s repeats; "
                    + "COMMAND_RESULT missing for %s of %s answered commands, repeated %s, outcome differs %s",
                    result.get("sent"), result.get("achievedRate"), result.get("answered"), result.get("ok"),
                    outcomes.isBlank() ? "-" : outcomes, result.get("unanswered"), result.get("p50"),
                    result.get("p99"), result.get("p999"), result.get("max"), result.get("storedEvents"),
                    result.get("firstSeq"), result.get("lastSeq"), result.get("sequenceGaps"),
                    result.get("sequenceRepeats"), result.get("missingResults"), result.get("answeredAllPhases"),
                    result.get("repeatedResults"), result.get("wrongOutcome"));
        }
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        String what = "longest time without an OK command result while the simulator adapter bundle is updated";
        for (String jar : HotSwapGateway.BUNDLES) {
            if (!Files.isRegularFile(settings.gatewayBundles().resolve(jar))) {
                return List.of(Figure.notRun(7, what, settings.gatewayBundles().resolve(jar)
                        + " is missing: build with bench/run.sh (mvn package copies the gateway bundles)"));
            }
        }
        double rate = 100;
        int warmUp = settings.pick(5, 10);
        int measured = settings.pick(12, 30);
        long swapEvery = settings.pick(3_000L, 5_000L);
        Run baseline = fork(settings, "baseline", rate, warmUp, measured, 0);
        Run swapped = fork(settings, "swap", rate, warmUp, measured, swapEvery);

        String baselineWhat = "the same load and gateway without a swap (same JVM set-up, run just before)";
        String how = String.format(Locale.ROOT, "%d swaps, one every %d s, of com.nexefii.lock.simulator "
                + "(BundleRebuilder jar, Bundle.update, then FrameworkWiring.refreshBundles, as Deployment Admin "
                + "does); %d zero-latency locks, unlock commands at %.0f/s through LockRouter, %d s measured after "
                + "%d s warm-up; publisher requires the durable store (GROUP_COMMIT). Per swap: %s. Swap run: %s. "
                + "Baseline: %s", (int) swapped.number("swaps"), swapEvery / 1000, LOCKS, rate, measured, warmUp,
                String.join("; ", swapped.swaps()), swapped.summary(), baseline.summary());
        List<Figure> figures = new ArrayList<>();
        double gap = swapped.number("longestGapMillis");
        figures.add(new Figure(7, what + " (" + (int) swapped.number("swaps") + " updates, " + (int) rate
                + " commands/s)", gap, "ms", baselineWhat, baseline.number("longestGapMillis"), "< 1,000 ms",
                gap < 1000 && swapped.number("swaps") > 0, swapped.load(), how));
        figures.add(new Figure(7, "events lost across the updates (store sequence gaps + answered commands without "
                + "exactly one COMMAND_RESULT of the same outcome)", swapped.lost(), "events", baselineWhat,
                baseline.lost(), "0", swapped.lost() == 0, swapped.load(), "see the first row of 7"));
        figures.add(new Figure(7, "commands that did not end OK during the updates (each answered with its outcome)",
                swapped.notOk(), "commands", baselineWhat, baseline.notOk(), "", null, swapped.load(),
                String.format(Locale.ROOT, "swap run outcomes: %s; unanswered (no outcome within 15 s): %s "
                        + "(baseline: %s, unanswered %s)", swapped.outcomes(), swapped.result().get("unanswered"),
                        baseline.outcomes(), baseline.result().get("unanswered"))));
        return figures;
    }

    private static Run fork(BenchSettings settings, String name, double rate, int warmUp, int measured,
            long swapEveryMillis) throws Exception {
        Path work = settings.work().resolve("hotswap-" + name);
        Scratch.deleteTree(work);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(settings.java().toString(), "-Xmx256m"));
        command.addAll(settings.jvmArgs());
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.logFile=" + work.resolve("gateway.log"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", settings.classpath(),
                HotSwapGateway.class.getName(), work.toString(), settings.gatewayBundles().toString(),
                Double.toString(rate), Integer.toString(warmUp), Integer.toString(measured),
                Long.toString(swapEveryMillis), Integer.toString(LOCKS)));
        String before = Machine.loadNow();
        // the working directory stays this JVM's: the class path may be relative to it
        String out = Subprocess.run(command, Path.of("").toAbsolutePath(), Duration.ofSeconds(warmUp + measured + 180));
        String load = before + "→" + Machine.loadNow();
        List<String> swaps = new ArrayList<>();
        String outcomes = "";
        for (String line : out.split("\\R")) {
            if (line.startsWith("SWAP ")) {
                swaps.add(line.substring(5).trim());
            } else if (line.startsWith("OUTCOMES")) {
                outcomes = line.substring("OUTCOMES".length()).trim();
            }
        }
        return new Run(Subprocess.keyValues(out, "RESULT"), outcomes, swaps, load);
    }
}
