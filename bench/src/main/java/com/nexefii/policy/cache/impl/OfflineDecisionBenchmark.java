package com.nexefii.policy.cache.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.Reason;

/**
 * Scenario 4: an offline access decision on a mobile key, against its floor: the JDK verifying the
 * same ES256 signature plus one hash map lookup of the credential's grant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OfflineDecisionBenchmark {

    /** Grants in the policy besides the guest's. */
    @Param("10000")
    public int grants;

    private PolicyCacheComponent firstPresentationCache;
    private PolicyCacheComponent repeatPresentationCache;
    private AccessRequest guestAtRoom;

    private byte[] signingInput;
    private byte[] signature;
    private java.security.interfaces.ECPublicKey publicKey;
    private Map<String, List<String>> locksByCredential;

    /** {@link Signature} is not thread-safe: one per benchmark thread, initialised once, like a best-case verifier. */
    @State(Scope.Thread)
    public static class JdkVerifier {
        Signature signature;

        @Setup(Level.Trial)
        public void init(OfflineDecisionBenchmark bench) throws GeneralSecurityException {
            // P1363 is the JWS encoding (r||s): no DER transcoding, the cheapest correct verify
            signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initVerify(bench.publicKey);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BenchPolicy policy = new BenchPolicy();
        byte[] snapshot = policy.snapshot(grants);
        Path work = Path.of(System.getProperty("bench.work", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(work);
        // size 0 remembers nothing: every presentation pays the signature check, as a first one does
        firstPresentationCache = BenchPolicy.cache(Files.createTempDirectory(work, "policy-first"), 0, snapshot);
        repeatPresentationCache = BenchPolicy.cache(Files.createTempDirectory(work, "policy-repeat"), 10_000,
                snapshot);
        String token = policy.mobileKey(BenchPolicy.GUEST_KEY);
        guestAtRoom = AccessRequest.mobileKey(token, BenchPolicy.ROOM, BenchPolicy.NOW);

        String[] parts = token.split("\\.");
        signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(parts[2]);
        publicKey = policy.publicKey();
        locksByCredential = new HashMap<>();
        locksByCredential.put(BenchPolicy.GUEST_KEY, List.of(BenchPolicy.ROOM));
        for (int i = 0; i < grants; i++) {
            locksByCredential.put("card-" + i, List.of("sim-b-" + (i % 500)));
        }

        // a benchmark of a denial would measure the wrong path
        for (Decision d : List.of(firstPresentation(), repeatPresentation(), firstPresentationAudited())) {
            if (d.reason() != Reason.GRANTED) {
                throw new IllegalStateException("expected GRANTED, got " + d);
            }
        }
    }

    // Each figure runs in a JMH group together with its baseline, on two threads at the same time:
    // on a shared machine whose load drifts, both then see the same load and their ratio holds.

    @Benchmark
    @Group("first")
    @GroupThreads(1)
    public boolean firstFloor(JdkVerifier jdk) throws GeneralSecurityException {
        return floor(jdk);
    }

    /** Parse, pin ES256, find the key, verify, read the claims, then every decision rule. */
    @Benchmark
    @Group("first")
    @GroupThreads(1)
    public Decision firstPresentation() {
        return firstPresentationCache.evaluate(guestAtRoom);
    }

    @Benchmark
    @Group("repeat")
    @GroupThreads(1)
    public boolean repeatFloor(JdkVerifier jdk) throws GeneralSecurityException {
        return floor(jdk);
    }

    /** The same key again: signature remembered, revocation, time, grant and lockdown re-checked. */
    @Benchmark
    @Group("repeat")
    @GroupThreads(1)
    public Decision repeatPresentation() {
        return repeatPresentationCache.evaluate(guestAtRoom);
    }

    @Benchmark
    @Group("audited")
    @GroupThreads(1)
    public boolean auditedFloor(JdkVerifier jdk) throws GeneralSecurityException {
        return floor(jdk);
    }

    /** What a door asks: the decision plus its audit event, built and handed to an in-memory publisher. */
    @Benchmark
    @Group("audited")
    @GroupThreads(1)
    public Decision firstPresentationAudited() {
        return firstPresentationCache.decide(guestAtRoom);
    }

    /** The floor: the JDK verifying the same signature, and the grant found in a hash map. */
    private boolean floor(JdkVerifier jdk) throws GeneralSecurityException {
        jdk.signature.update(signingInput);
        boolean valid = jdk.signature.verify(signature);
        List<String> locks = locksByCredential.get(BenchPolicy.GUEST_KEY);
        return valid && locks != null && locks.contains(BenchPolicy.ROOM);
    }
}
