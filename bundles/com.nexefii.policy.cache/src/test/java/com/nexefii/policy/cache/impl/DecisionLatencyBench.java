package com.nexefii.policy.cache.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Reason;

/**
 * Not a test: a measurement, run by hand, never asserted (performance belongs in benchmarks).
 * Decision latency of the policy cache without its audit event, on a policy of 10,000 grants:
 *
 * <pre>
 * cd bundles/com.nexefii.policy.cache &amp;&amp; mvn -o -q test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     com.nexefii.policy.cache.impl.DecisionLatencyBench
 * </pre>
 */
public final class DecisionLatencyBench {

    private DecisionLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("policy-bench");
        GatewayUnderTest gateway = new GatewayUnderTest(dir);
        Policies policy = gateway.standardSnapshot(1);
        for (int i = 0; i < 10_000; i++) {
            policy.grant("bench-" + i, "card-" + i, List.of("sim-b-" + (i % 500)), GatewayUnderTest.NOW.minusSeconds(60),
                    GatewayUnderTest.NOW.plus(Duration.ofDays(1)), null);
        }
        PolicyCacheOptions small = GatewayUnderTest.options(dir);
        gateway.cache = new PolicyCacheComponent(new PolicyCacheOptions(dir, small.credentialIssuer(),
                small.credentialAudience(), small.clockSkew(), small.scheduleZone(), small.lockdownOverrideRoles(),
                10_000, 16 * 1024 * 1024), gateway.publisher,
                java.time.Clock.fixed(GatewayUnderTest.NOW, java.time.ZoneOffset.UTC));
        Reason applied = gateway.cache.apply(policy.bytes()).applied() ? Reason.GRANTED : Reason.NO_POLICY;
        if (applied != Reason.GRANTED) {
            throw new IllegalStateException("policy not applied");
        }
        String key = gateway.guestKey();
        List<String> freshKeys = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            freshKeys.add(gateway.signer.sign(CloudSigner.claims("mk-bench-" + i, GatewayUnderTest.PROPERTY,
                    GatewayUnderTest.ROOM, GatewayUnderTest.NOW)));
        }

        report("mobile key, already verified (repeat presentation)", 200_000,
                i -> gateway.cache.evaluate(AccessRequest.mobileKey(key, GatewayUnderTest.ROOM, GatewayUnderTest.NOW)));
        report("card, 10k grants indexed", 200_000,
                i -> gateway.cache.evaluate(AccessRequest.card("card-" + (i % 10_000), "sim-b-" + (i % 500),
                        GatewayUnderTest.NOW)));
        // the first half warms the verifier up; the second half is measured, each key seen for the first time
        report("mobile key, first presentation (ES256 verify)", freshKeys.size() / 2,
                i -> gateway.cache.evaluate(AccessRequest.mobileKey(freshKeys.get(freshKeys.size() / 2 + i),
                        GatewayUnderTest.ROOM, GatewayUnderTest.NOW)),
                i -> gateway.cache.evaluate(AccessRequest.mobileKey(freshKeys.get(i), GatewayUnderTest.ROOM,
                        GatewayUnderTest.NOW)));
    }

    private interface Step {
        Object run(int i);
    }

    private static void report(String what, int n, Step step) {
        report(what, n, step, step);
    }

    private static void report(String what, int n, Step step, Step warmUp) {
        for (int i = 0; i < Math.min(n, 20_000); i++) {
            warmUp.run(i % n);
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            step.run(i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%-52s n=%7d  p50 %7.2f us  p99 %7.2f us  max %8.2f us%n", what, n, nanos[n / 2] / 1e3,
                nanos[(int) (n * 0.99)] / 1e3, nanos[n - 1] / 1e3);
    }
}
