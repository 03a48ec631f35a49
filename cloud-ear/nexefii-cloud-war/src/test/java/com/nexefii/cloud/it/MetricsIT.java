package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.stack.fixture.Http;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-endpoint request timers in Prometheus format at /metrics, labelled by path template and status. */
class MetricsIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    /**
     * The sum of the Prometheus samples whose name is {@code name} and whose labels contain all the
     * given fragments (label values may hold braces: path templates), 0 if none.
     */
    static double sample(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{(.*)\\} ([0-9.eE+-]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    @Test
    void givenCallsToEndpoints_whenScraped_thenTimedPerTemplateMethodAndStatus() {
        String staff = stack.token("staff-a");
        String count = "nexefii_http_requests_seconds_count";
        String template = "endpoint=\"/api/v1/properties/{propertyId}/locks\"";
        String before = http.get("/metrics", null).body();
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v1/properties/hotel-a/locks", staff).status()).isEqualTo(200);
        }
        assertThat(http.get("/api/v1/properties/hotel-b/locks", staff).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/properties/hotel-a/locks", null).status()).isEqualTo(401);

        Http.Answer scraped = http.get("/metrics", null);
        assertThat(scraped.contentType()).startsWith("text/plain");
        String after = scraped.body();
        assertThat(sample(after, count, template, "method=\"GET\"", "status=\"200\"")
                - sample(before, count, template, "method=\"GET\"", "status=\"200\"")).isGreaterThanOrEqualTo(3);
        assertThat(sample(after, count, template, "status=\"404\"") - sample(before, count, template, "status=\"404\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(after, count, template, "status=\"401\"") - sample(before, count, template, "status=\"401\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "nexefii_http_requests_seconds_sum", template, "status=\"200\"")).isPositive();
        assertThat(after).contains("# TYPE nexefii_http_requests_seconds summary");
        // the labels name templates, never the ids a caller sent
        assertThat(after).doesNotContain("endpoint=\"/api/v1/properties/hotel-");
    }
}
