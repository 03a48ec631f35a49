package com.nexefii.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs JMH benchmarks in forked JVMs with the iteration budget of a quick or a full run. */
public final class JmhRun {

    /** A JMH score: mean and 99.9% confidence half-width. */
    public record Score(String benchmark, Map<String, String> params, int threads, double mean, double error,
            String unit) {

        public String plusMinus() {
            return Double.isNaN(error) ? "" : String.format(java.util.Locale.ROOT, "± %.3g", error);
        }
    }

    private JmhRun() {
    }

    /**
     * @param include regular expression of the benchmarks, e.g. {@code Class.method$}
     * @param threads benchmark threads
     * @param params JMH parameters to set (others keep their defaults)
     */
    public static List<Score> run(BenchSettings settings, String include, int threads,
            Map<String, String[]> params) throws RunnerException {
        return run(settings, include, threads, params, settings.pick(2, 3));
    }

    /** @param warmUps warm-up iterations: more for code whose single operation takes milliseconds */
    public static List<Score> run(BenchSettings settings, String include, int threads,
            Map<String, String[]> params, int warmUps) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(settings.pick(1, 2))
                .warmupIterations(warmUps)
                .warmupTime(TimeValue.seconds(settings.pick(1, 2)))
                .measurementIterations(settings.pick(3, 5))
                .measurementTime(TimeValue.seconds(settings.pick(1, 2)))
                .shouldFailOnError(true)
                .jvmArgsAppend(jvmArgs(settings));
        if (threads > 0) {
            options.threads(threads); // group benchmarks (threads = 0) take their @GroupThreads
        }
        params.forEach(options::param);
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult result : results) {
            Result<?> primary = result.getPrimaryResult();
            String name = result.getParams().getBenchmark();
            Map<String, String> values = new java.util.TreeMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                values.put(key, result.getParams().getParam(key));
            }
            scores.add(new Score(name.substring(name.lastIndexOf('.') + 1), values, result.getParams().getThreads(),
                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
            // a group's members come as secondary results, labelled by method
            for (Map.Entry<String, Result> member : result.getSecondaryResults().entrySet()) {
                Result<?> r = member.getValue();
                scores.add(new Score(member.getKey(), values, result.getParams().getThreads(), r.getScore(),
                        r.getScoreError(), r.getScoreUnit()));
            }
        }
        return scores;
    }

    /** @return the score of benchmark method {@code method}, with the given parameter values if any */
    public static Score find(List<Score> scores, String method, String... paramKeyValues) {
        outer:
        for (Score s : scores) {
            if (!s.benchmark().equals(method)) {
                continue;
            }
            for (int i = 0; i + 1 < paramKeyValues.length; i += 2) {
                if (!paramKeyValues[i + 1].equals(s.params().get(paramKeyValues[i]))) {
                    continue outer;
                }
            }
            return s;
        }
        throw new IllegalStateException("no JMH result for " + method + " " + String.join(",", paramKeyValues));
    }

    private static String[] jvmArgs(BenchSettings settings) {
        List<String> args = new ArrayList<>(settings.jvmArgs());
        args.add("-Dbench.work=" + settings.work());
        args.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return args.toArray(String[]::new);
    }
}
