package com.nexefii.bench;

/**
 * One line of RESULTS.md: a measured figure beside its baseline from the same run.
 *
 * @param scenario the scenario number (1-8)
 * @param what what was measured
 * @param value the figure; {@code NaN} when it could not be measured
 * @param unit unit of {@code value} and {@code baseline}
 * @param baselineWhat what the baseline is, empty when there is none
 * @param baseline the baseline figure, {@code NaN} when there is none
 * @param target the target in words, empty when the figure is for reference only
 * @param met whether the target is met; {@code null} when there is no target or nothing was measured
 * @param load the 1-minute load average before and after the measurement ({@code "3.1→4.0"})
 * @param note how it was measured, or why it was not
 */
public record Figure(int scenario, String what, double value, String unit, String baselineWhat, double baseline,
        String target, Boolean met, String load, String note) {

    /** A scenario that could not run: the reason is the note. */
    public static Figure notRun(int scenario, String what, String reason) {
        return new Figure(scenario, what, Double.NaN, "", "", Double.NaN, "", null, "", "not run: " + reason);
    }

    /** @return value / baseline, {@code NaN} without a baseline */
    public double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
    }

    public boolean measured() {
        return !Double.isNaN(value);
    }
}
