package com.nexefii.policy.cache.impl;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 4, memory: heap retained by a policy cache holding N grants, beside the same grants in a
 * plain {@code HashMap} of records. Run in its own JVM (Serial GC, so "used after a full GC" is
 * the live set); prints one {@code FOOTPRINT} line that the scenario parses.
 *
 * <pre>java -XX:+UseSerialGC -cp ... com.nexefii.policy.cache.impl.GrantMemoryFootprint 100000 WORKDIR</pre>
 */
public final class GrantMemoryFootprint {

    /** The floor: what the grants need as plain Java objects, no indexes, no key ring. */
    record PlainGrant(String grantId, String holder, List<String> credentialIds, List<String> locks, Instant validFrom,
            Instant validUntil) {
    }

    private GrantMemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int grants = Integer.parseInt(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        BenchPolicy policy = new BenchPolicy();
        Path snapshotFile = work.resolve("snapshot-" + grants + ".json");
        Files.write(snapshotFile, policy.snapshot(grants));
        // load the classes and the JSON mapper's caches first: they are not per grant
        Reference.reachabilityFence(BenchPolicy.cache(Files.createTempDirectory(work, "warm"), 10_000,
                policy.snapshot(10)));

        // both stay reachable to the end, so neither measurement can be lowered by the other being freed
        long before = usedAfterGc();
        Map<String, PlainGrant> plain = new HashMap<>();
        Instant from = BenchPolicy.NOW.minusSeconds(86_400);
        for (int i = 0; i < grants; i++) {
            String id = "g-" + i;
            plain.put(id, new PlainGrant(id, "holder-" + id, List.of("card-" + i), List.of("sim-b-" + (i % 500)),
                    Instant.ofEpochSecond(from.getEpochSecond()), Instant.ofEpochSecond(from.getEpochSecond() + 172_800)));
        }
        long withPlain = usedAfterGc();
        long plainRetained = withPlain - before;

        long start = System.nanoTime();
        PolicyCacheComponent cache = BenchPolicy.cache(Files.createTempDirectory(work, "footprint"), 10_000,
                Files.readAllBytes(snapshotFile));
        long applyNanos = System.nanoTime() - start;
        long retained = usedAfterGc() - withPlain;
        Reference.reachabilityFence(plain);
        Reference.reachabilityFence(cache);

        System.out.printf("FOOTPRINT grants=%d retainedBytes=%d plainBytes=%d snapshotBytes=%d applyMillis=%.1f%n",
                grants, retained, plainRetained, Files.size(snapshotFile), applyNanos / 1e6);
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // repeat until stable: finalizers and reference processing can free more on a second pass
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - now) < 64 * 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
