package com.nexefii.lock.simulator;

/** Options for fast, quiet unit tests: short latency, no random failures, no doors opening. */
final class TestOptions {

    private TestOptions() {
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        String adapterId = "sim";
        int lockCount = 3;
        int latencyMin = 5;
        int latencyMax = 10;
        double timeout;
        double unreachable;
        double jam;
        int battery = 100;
        double drainPerOperation;
        double doorOpen;
        double doorLeftOpen;
        int holdOpenMillis = 50;
        int relockSeconds = 5;
        int maxCredentials = 100;
        long seed = 42;
        int telemetrySeconds = 3600;
        double drainPerHour;
        double forcedPerHour;

        Builder latency(int min, int max) {
            latencyMin = min;
            latencyMax = max;
            return this;
        }

        Builder failures(double timeout, double unreachable, double jam) {
            this.timeout = timeout;
            this.unreachable = unreachable;
            this.jam = jam;
            return this;
        }

        Builder doors(double open, double leftOpen) {
            doorOpen = open;
            doorLeftOpen = leftOpen;
            return this;
        }

        Builder telemetry(int intervalSeconds, double batteryDrainPerHour, double forcedOpenPerHour) {
            telemetrySeconds = intervalSeconds;
            drainPerHour = batteryDrainPerHour;
            forcedPerHour = forcedOpenPerHour;
            return this;
        }

        Builder maxCredentials(int max) {
            maxCredentials = max;
            return this;
        }

        Builder lockCount(int count) {
            lockCount = count;
            return this;
        }

        SimulatorOptions build() {
            return new SimulatorOptions(adapterId, lockCount, "", latencyMin, latencyMax, timeout, unreachable, jam,
                    battery, drainPerOperation, drainPerHour, 20, doorOpen, doorLeftOpen, holdOpenMillis, 30,
                    forcedPerHour, relockSeconds, telemetrySeconds, maxCredentials, seed);
        }
    }
}
