package com.nexefii.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: request {@code i} is due at {@code start + i / rate} whether or not
 * earlier ones have answered, and its latency runs from that intended time to the answer. A slow
 * answer therefore delays nothing and is not hidden (no coordinated omission): if the sender itself
 * falls behind, the waiting counts against the system, as a real client's would.
 *
 * <p>Sending is asynchronous; whoever sees the answer calls {@link #completed(long)}.
 */
public final class FixedRateLoad {

    /** Sends request {@code id}; must not wait for the answer. */
    public interface Sender {
        void send(long id) throws Exception;
    }

    /**
     * @param histogram latencies in microseconds of the measured requests (warm-up excluded)
     * @param sent measured requests sent
     * @param lost measured requests not answered within the drain timeout, or whose send failed
     * @param achievedRate measured requests per second actually sent
     */
    public record Result(Histogram histogram, long sent, long lost, double achievedRate, double rate) {

        public double percentileMillis(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%d requests at %.0f/s (achieved %.0f/s), lost %d; p50 %.3f ms, p90 %.3f, p99 %.3f, p99.9 %.3f, "
                            + "max %.3f ms",
                    sent, rate, achievedRate, lost, percentileMillis(50), percentileMillis(90),
                    percentileMillis(99), percentileMillis(99.9), histogram.getMaxValue() / 1000.0);
        }
    }

    private final Map<Long, Long> intended = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private final AtomicLong failures = new AtomicLong();
    private volatile long measuredFrom = Long.MAX_VALUE;

    /** The answer to request {@code id} arrived now. Unknown or repeated ids are ignored. */
    public void completed(long id) {
        completedAt(id, System.nanoTime());
    }

    /**
     * The answer to request {@code id} arrived at {@code nanoTime} ({@link System#nanoTime()}): for
     * answers seen before the sender knew which request they belong to (a push that overtakes the
     * response carrying the id).
     */
    public void completedAt(long id, long nanoTime) {
        Long due = intended.remove(id);
        if (due != null && id >= measuredFrom) {
            recorder.recordValue(Math.max(0, (nanoTime - due) / 1000));
        }
    }

    /**
     * @param rate requests per second
     * @param warmUp sent at the same rate first, not recorded
     * @param duration measured part
     * @param drain how long to wait for the last answers
     */
    public Result run(double rate, Duration warmUp, Duration duration, Duration drain, Sender sender)
            throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long warmUpCount = warmUp.toNanos() / interval;
        long total = warmUpCount + duration.toNanos() / interval;
        measuredFrom = warmUpCount;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long measuredStart = 0;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i == warmUpCount) {
                recorder.reset();
                measuredStart = System.nanoTime();
            }
            intended.put(i, due);
            try {
                sender.send(i);
            } catch (Exception e) {
                intended.remove(i);
                if (i >= warmUpCount) {
                    failures.incrementAndGet();
                }
            }
        }
        double achieved = (total - warmUpCount) / ((System.nanoTime() - measuredStart) / 1e9);
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (intended.keySet().stream().anyMatch(id -> id >= warmUpCount) && System.nanoTime() < drainUntil) {
            Thread.sleep(5);
        }
        long lost = failures.get() + intended.keySet().stream().filter(id -> id >= warmUpCount).count();
        return new Result(recorder.getIntervalHistogram(), total - warmUpCount, lost, achieved, rate);
    }
}
