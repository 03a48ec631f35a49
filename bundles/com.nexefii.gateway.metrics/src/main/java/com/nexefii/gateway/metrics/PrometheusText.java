package com.nexefii.gateway.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format 0.0.4: a {@code # HELP} and {@code # TYPE} line per family,
 * then its samples. The prometheus-metrics Java client is an OSGi bundle but requires
 * {@code javax.annotation} 3.x and its tracer bundles; this format is a few lines, so the gateway
 * writes it itself.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(8 * 1024);

    /** Starts a family; its samples must follow before the next family starts. */
    PrometheusText family(Family family) {
        out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
        out.append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
        return this;
    }

    PrometheusText sample(String name, double value, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return sample(name, labels, value);
    }

    PrometheusText sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(escapeLabel(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String escapeLabel(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** A metric family: name, type and help, the same on every scrape. */
    record Family(String name, String type, String help) {

        static Family counter(String name, String help) {
            return new Family(name, "counter", help);
        }

        static Family gauge(String name, String help) {
            return new Family(name, "gauge", help);
        }

        static Family histogram(String name, String help) {
            return new Family(name, "histogram", help);
        }

        /** @return the names of the series this family exposes */
        List<String> seriesNames() {
            return "histogram".equals(type) ? List.of(name + "_bucket", name + "_sum", name + "_count") : List.of(name);
        }
    }
}
