package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.stack.fixture.Http;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark pair (scenario 5): 404 for everyone while {@code nexefii.bench.enabled} is off
 * (the default, and the stack these tests start); when a stack runs with it on, the open one
 * answers anyone and the other one staff with a verified token only, with the same body.
 */
class BenchEndpointsIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    @Test
    void givenSwitchOff_whenCalledWithOrWithoutToken_thenNotFoundProblem() {
        Assumptions.assumeFalse(stack.benchEnabled(), "this stack runs with nexefii.bench.enabled=true");
        for (String token : new String[] { null, stack.token("staff-a") }) {
            for (String path : new String[] { "/api/v1/bench/open", "/api/v1/bench/authenticated" }) {
                Http.Answer a = http.get(path, token);
                assertThat(a.status()).as(path).isEqualTo(404);
                assertThat(a.contentType()).startsWith("application/problem+json");
            }
        }
    }

    @Test
    void givenSwitchOn_whenCalled_thenOpenForAnyoneAndAuthenticatedForStaffOnlyWithTheSameBody() {
        Assumptions.assumeTrue(stack.benchEnabled(), "this stack runs with the benchmark endpoints off (default)");
        Http.Answer open = http.get("/api/v1/bench/open", null);
        assertThat(open.status()).isEqualTo(200);
        Http.Answer authenticated = http.get("/api/v1/bench/authenticated", stack.token("staff-a"));
        assertThat(authenticated.status()).isEqualTo(200);
        assertThat(authenticated.body()).isEqualTo(open.body()).isEqualTo("{\"ok\":true}");
        assertThat(http.get("/api/v1/bench/authenticated", null).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/bench/authenticated", stack.token("guest-a1")).status()).isEqualTo(403);
    }
}
