package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.stack.fixture.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Webhook URLs that would make the cloud call into its own network (SSRF) are refused with a
 * problem naming the reason; the tests' stack allow-lists 127.0.0.1 only (WebhookIT's receiver).
 */
class WebhookTargetIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    @ParameterizedTest
    @CsvSource({ "http://169.254.169.254/latest/meta-data/iam/, link-local",
            "http://[fd00:ec2::254]/latest/meta-data/, unique local",
            "http://10.0.0.8:8080/hook, private",
            "http://192.168.1.10/hook, private",
            "http://127.0.0.2:8080/hook, loopback",
            "http://[::1]:8080/hook, loopback",
            "http://[::ffff:169.254.169.254]/, link-local",
            "http://0.0.0.0:8080/hook, unspecified",
            "http://224.0.0.1/hook, multicast",
            "http://100.100.100.200/latest/meta-data/, CGNAT" })
    void givenAdminSubscribingAnInternalTarget_whenSubscribing_thenProblem400NamingWhy(String url, String reason) {
        Http.Answer refused = http.post("/api/v1/properties/hotel-a/webhooks", stack.token("admin-a"),
                Map.of("url", url, "eventTypes", List.of("*")), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains(reason).contains("public addresses only");
        assertThat(http.get("/api/v1/properties/hotel-a/webhooks", stack.token("admin-a")).body()).doesNotContain(url);
    }
}
