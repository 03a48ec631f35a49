package com.nexefii.lock.simulator;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A simulated controller's configuration, checked once. Every constructor check names the
 * configuration property it is about, so a failed activation tells the operator what to fix.
 */
record SimulatorOptions(
        String adapterId,
        int lockCount,
        String lockIdPrefix,
        int latencyMinMillis,
        int latencyMaxMillis,
        double timeoutProbability,
        double unreachableProbability,
        double jamProbability,
        int batteryInitialPercent,
        double batteryDrainPerOperation,
        double batteryDrainPerHour,
        int batteryLowPercent,
        double doorOpenAfterUnlockProbability,
        double doorLeftOpenProbability,
        int doorHoldOpenMillis,
        int doorAjarAfterSeconds,
        double forcedOpenPerHour,
        int defaultRelockSeconds,
        int telemetryIntervalSeconds,
        int maxCredentialsPerLock,
        long randomSeed) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    static final int MAX_LOCKS = 10_000;
    static final int MAX_LATENCY_MILLIS = 60_000;

    SimulatorOptions {
        if (adapterId == null || adapterId.isBlank()) {
            throw new IllegalArgumentException("adapterId: must be set");
        }
        if (!ID.matcher(adapterId).matches()) {
            throw new IllegalArgumentException("adapterId: '" + adapterId + "' does not match " + ID.pattern());
        }
        range("lockCount", lockCount, 1, MAX_LOCKS);
        if (lockIdPrefix == null || lockIdPrefix.isBlank()) {
            lockIdPrefix = adapterId + "-";
        }
        if (!PREFIX.matcher(lockIdPrefix).matches()) {
            throw new IllegalArgumentException(
                    "lockIdPrefix: '" + lockIdPrefix + "' does not match " + PREFIX.pattern());
        }
        range("latencyMinMillis", latencyMinMillis, 0, MAX_LATENCY_MILLIS);
        range("latencyMaxMillis", latencyMaxMillis, 0, MAX_LATENCY_MILLIS);
        if (latencyMaxMillis < latencyMinMillis) {
            throw new IllegalArgumentException("latencyMaxMillis: " + latencyMaxMillis
                    + " is below latencyMinMillis " + latencyMinMillis);
        }
        probability("timeoutProbability", timeoutProbability);
        probability("unreachableProbability", unreachableProbability);
        probability("jamProbability", jamProbability);
        if (timeoutProbability + unreachableProbability + jamProbability > 1.0) {
            throw new IllegalArgumentException("jamProbability: timeoutProbability + unreachableProbability"
                    + " + jamProbability must not exceed 1");
        }
        range("batteryInitialPercent", batteryInitialPercent, 0, 100);
        nonNegative("batteryDrainPerOperation", batteryDrainPerOperation);
        nonNegative("batteryDrainPerHour", batteryDrainPerHour);
        range("batteryLowPercent", batteryLowPercent, 0, 100);
        probability("doorOpenAfterUnlockProbability", doorOpenAfterUnlockProbability);
        probability("doorLeftOpenProbability", doorLeftOpenProbability);
        range("doorHoldOpenMillis", doorHoldOpenMillis, 0, 3_600_000);
        range("doorAjarAfterSeconds", doorAjarAfterSeconds, 1, 86_400);
        nonNegative("forcedOpenPerHour", forcedOpenPerHour);
        range("defaultRelockSeconds", defaultRelockSeconds, 1, 3_600);
        range("telemetryIntervalSeconds", telemetryIntervalSeconds, 1, 86_400);
        range("maxCredentialsPerLock", maxCredentialsPerLock, 1, 100_000);
    }

    static SimulatorOptions from(SimulatorConfig c) {
        return new SimulatorOptions(c.adapterId(), c.lockCount(), c.lockIdPrefix(), c.latencyMinMillis(),
                c.latencyMaxMillis(), c.timeoutProbability(), c.unreachableProbability(), c.jamProbability(),
                c.batteryInitialPercent(), c.batteryDrainPerOperation(), c.batteryDrainPerHour(),
                c.batteryLowPercent(), c.doorOpenAfterUnlockProbability(), c.doorLeftOpenProbability(),
                c.doorHoldOpenMillis(), c.doorAjarAfterSeconds(), c.forcedOpenPerHour(), c.defaultRelockSeconds(),
                c.telemetryIntervalSeconds(), c.maxCredentialsPerLock(), c.randomSeed());
    }

    /** @return the id of the {@code index}-th lock, counting from 1 */
    String lockId(int index) {
        return lockIdPrefix + String.format("%03d", index);
    }

    Duration defaultRelock() {
        return Duration.ofSeconds(defaultRelockSeconds);
    }

    private static void range(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + ": " + value + " is outside " + min + ".." + max);
        }
    }

    private static void probability(String property, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(property + ": " + value + " is not a probability (0..1)");
        }
    }

    private static void nonNegative(String property, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(property + ": " + value + " must be zero or more");
        }
    }
}
