package com.nexefii.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nexefii.policy.cache.impl.GrantMemoryFootprint;
import com.nexefii.policy.cache.impl.OfflineDecisionBenchmark;

/** Scenario 4: offline access decision (policy cache + signature check), and memory for 100,000 grants. */
public final class OfflineDecisionScenario implements Scenario {

    static final int POLICY_GRANTS = 10_000;
    static final int FOOTPRINT_GRANTS = 100_000;

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String title() {
        return "Offline access decision (policy cache + ES256 signature check)";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        List<Figure> figures = new ArrayList<>();
        Measured<List<JmhRun.Score>> scores = Measured.of(() -> JmhRun.run(settings,
                OfflineDecisionBenchmark.class.getName() + "\\.", 0,
                Map.of("grants", new String[] { Integer.toString(POLICY_GRANTS) }),
                // an ES256 verify takes ~1 ms in the interpreter: C2 needs many iterations to kick in
                settings.pick(4, 8)));
        String baselineWhat = "JDK `Signature.verify` SHA256withECDSA (P1363, SunEC, instance reused) + `HashMap.get`";
        String where = "JMH avg time; figure and baseline run at the same time as a JMH group (one thread each), "
                + "policy of " + POLICY_GRANTS + " grants";
        figures.add(figure(scores, "first presentation: parse, pin ES256, verify, claims, decision rules (no audit)",
                "firstPresentation", "firstFloor", baselineWhat, where));
        figures.add(figure(scores, "repeat presentation (signature remembered; revocation/time/grant/lockdown rechecked)",
                "repeatPresentation", "repeatFloor", baselineWhat, where));
        figures.add(figure(scores, "first presentation + audit event built (`decide`, in-memory publisher, no I/O)",
                "firstPresentationAudited", "auditedFloor", baselineWhat, where));

        int grants = settings.pick(20_000, FOOTPRINT_GRANTS);
        Measured<String> footprint = Measured.of(() -> footprint(settings, grants));
        Map<String, String> f = Subprocess.keyValues(footprint.value(), "FOOTPRINT");
        double retainedMb = Long.parseLong(f.get("retainedBytes")) / 1e6;
        double plainMb = Long.parseLong(f.get("plainBytes")) / 1e6;
        figures.add(new Figure(4, "heap retained by the policy cache holding " + grants + " grants", retainedMb, "MB",
                "the same grants as a `HashMap<String, record>` (no indexes)", plainMb, "", null, footprint.load(),
                String.format(Locale.ROOT, "%.0f bytes/grant (plain: %.0f); Serial GC, heap used after full GC "
                        + "before/after (MemoryMXBean); snapshot JSON %.1f MB applied in %s ms (parse, index, fsync)",
                        retainedMb * 1e6 / grants, plainMb * 1e6 / grants,
                        Long.parseLong(f.get("snapshotBytes")) / 1e6, f.get("applyMillis"))));
        return figures;
    }

    private static Figure figure(Measured<List<JmhRun.Score>> scores, String what, String method, String floor,
            String baselineWhat, String where) {
        JmhRun.Score s = JmhRun.find(scores.value(), method);
        JmhRun.Score baseline = JmhRun.find(scores.value(), floor);
        double ratio = s.mean() / baseline.mean();
        return new Figure(4, what, s.mean(), s.unit(), baselineWhat, baseline.mean(), "≤ 2× baseline",
                ratio <= 2.0, scores.load(), where + "; error " + s.plusMinus() + " (baseline "
                        + baseline.plusMinus() + ")");
    }

    private static String footprint(BenchSettings settings, int grants) throws Exception {
        List<String> command = new ArrayList<>(List.of(settings.java().toString(), "-XX:+UseSerialGC", "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", settings.classpath(),
                GrantMemoryFootprint.class.getName(), Integer.toString(grants),
                settings.work().resolve("footprint").toString()));
        return Subprocess.run(command, Path.of("."), java.time.Duration.ofMinutes(10));
    }
}
