package com.nexefii.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The alert rules beside this bundle only use series the gateway exports, and cover what operations asked for. */
class PrometheusAlertRulesTest {

    static final Path RULES = Path.of("prometheus", "nexefii-gateway-alerts.yml");
    /** Series Prometheus itself makes for every target. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Pattern SERIES = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(\\{|\\[|\\)|\\s|$|==|>|<)");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "by", "rate", "increase", "deriv", "and", "or",
            "unless", "on", "ignoring", "without", "absent", "max", "min", "avg", "count", "time", "bool");

    private static List<Map<String, Object>> rules;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void givenTheRulesFile() throws IOException {
        try (InputStream in = Files.newInputStream(RULES)) {
            Map<String, Object> document = new Yaml().load(in);
            rules = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
                rules.addAll((List<Map<String, Object>>) group.get("rules"));
            }
        }
    }

    @Test
    void givenEveryRule_whenItsExpressionIsRead_thenEverySeriesItNamesIsExportedByTheGateway() {
        Set<String> exported = GatewayMetrics.seriesNames();
        for (Map<String, Object> rule : rules) {
            Set<String> named = seriesIn((String) rule.get("expr"));
            assertThat(named).as("series in %s", rule.get("alert")).isNotEmpty();
            for (String series : named) {
                assertThat(exported.contains(series) || PROMETHEUS_SERIES.contains(series))
                        .as("%s names %s, which the gateway does not export", rule.get("alert"), series).isTrue();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenEveryRule_whenRead_thenItHasASeverityAndASummaryForTheOnCallEngineer() {
        for (Map<String, Object> rule : rules) {
            assertThat((Map<String, Object>) rule.get("labels")).as("%s", rule.get("alert")).containsKey("severity");
            assertThat((Map<String, Object>) rule.get("annotations")).as("%s", rule.get("alert"))
                    .containsKeys("summary", "description");
        }
    }

    @Test
    void givenTheRules_whenListed_thenEveryAlertOperationsAskedForIsThere() {
        Set<String> alerts = new TreeSet<>();
        rules.forEach(r -> alerts.add((String) r.get("alert")));

        assertThat(alerts).contains("NexefiiGatewayOffline", "NexefiiEventStoreBacklogGrowing",
                "NexefiiRepeatedAuthFailures", "NexefiiHighCommandErrorRate", "NexefiiLockBatteryLow",
                "NexefiiDoorAjar", "NexefiiDoorForced", "NexefiiPolicyStale");
    }

    @Test
    void givenAnExpression_whenSeriesAreExtracted_thenFunctionsLabelsAndKeywordsAreLeftOut() {
        assertThat(seriesIn("sum by (instance) (increase(nexefii_a_total{outcome=\"denied\"}[5m])) > 10 and up == 0"))
                .containsExactlyInAnyOrder("nexefii_a_total", "up");
    }

    static Set<String> seriesIn(String expression) {
        String withoutStrings = expression.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*\\}", "{}")
                .replaceAll("by\\s*\\([^)]*\\)", "by ()")
                .replaceAll("\\[[^\\]]*\\]", "[]");
        Set<String> series = new TreeSet<>();
        Matcher matcher = SERIES.matcher(withoutStrings);
        while (matcher.find()) {
            String word = matcher.group(1);
            if (!PROMQL_WORDS.contains(word)) {
                series.add(word);
            }
        }
        return series;
    }
}
