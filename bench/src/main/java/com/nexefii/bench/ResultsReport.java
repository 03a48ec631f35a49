package com.nexefii.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes RESULTS.md: the machine, then every figure beside its baseline, ratio and target. */
public final class ResultsReport {

    private ResultsReport() {
    }

    public static void write(Path out, boolean quick, Map<Integer, String> titles, List<Figure> figures,
            Path findings, String command) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Benchmark results");
        lines.add("");
        lines.add("Written by `" + command + "` (" + (quick ? "QUICK mode: short iterations, small counts; "
                + "the figures only prove the harness runs" : "full mode") + "). Do not edit by hand: rerun. "
                + "Hand-written findings (profiles, before/after) come from `bench/FINDINGS.md` and are appended.");
        lines.add("");
        lines.add("Every ratio is figure / baseline, both measured in this run on this machine. The load column "
                + "is the 1-minute load average before→after the measurement: on this 2-core machine anything above "
                + "~2 means the figure shares the CPUs with other work and is pessimistic.");
        lines.add("");
        lines.add("## Machine");
        lines.add("");
        lines.addAll(Machine.describe());
        lines.add("");
        lines.add("## Figures");
        lines.add("");
        lines.add("| # | what | figure | baseline (same run) | ratio | target | met | load | how |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (Figure f : figures) {
            lines.add("| " + f.scenario() + " | " + f.what() + " | " + value(f.value(), f.unit()) + " | "
                    + (f.baselineWhat().isEmpty() ? "—" : value(f.baseline(), f.unit()) + " — " + f.baselineWhat())
                    + " | " + ratio(f) + " | " + (f.target().isEmpty() ? "—" : f.target()) + " | " + met(f) + " | "
                    + (f.load().isEmpty() ? "—" : f.load()) + " | " + f.note().replace("|", "\\|") + " |");
        }
        lines.add("");
        lines.add("## Scenarios");
        lines.add("");
        titles.forEach((n, t) -> lines.add("- " + n + ". " + t));
        if (findings != null && Files.exists(findings)) {
            lines.add("");
            lines.addAll(Files.readAllLines(findings));
        }
        lines.add("");
        Files.write(out, lines);
    }

    static String value(double v, String unit) {
        if (Double.isNaN(v)) {
            return "not run";
        }
        String number;
        double a = Math.abs(v);
        if (a >= 10_000) {
            number = String.format(Locale.ROOT, "%,.0f", v);
        } else if (a >= 100) {
            number = String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 1) {
            number = String.format(Locale.ROOT, "%.2f", v);
        } else {
            number = String.format(Locale.ROOT, "%.3g", v);
        }
        return number + " " + unit;
    }

    static String ratio(Figure f) {
        double r = f.ratio();
        return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, r < 0.1 ? "%.2g×" : "%.2f×", r);
    }

    static String met(Figure f) {
        if (f.met() == null) {
            return "—";
        }
        return f.met() ? "yes" : "**NO**";
    }
}
