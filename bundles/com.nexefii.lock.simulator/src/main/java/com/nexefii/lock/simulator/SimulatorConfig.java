package com.nexefii.lock.simulator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = SimulatorComponent.PID,
        name = "Nexefii simulated lock controller",
        description = "One simulated lock controller: a number of locks that behave like hardware "
                + "(latency, timeouts, jams, doors left ajar, battery drain).")
@interface SimulatorConfig {

    @AttributeDefinition(name = "Adapter id",
            description = "Unique on the gateway: lowercase letters, digits and '-', at most 63.")
    String adapterId() default "simulator";

    @AttributeDefinition(name = "Number of locks", min = "1", max = "10000")
    int lockCount() default 10;

    @AttributeDefinition(name = "Lock id prefix",
            description = "Lock ids are this prefix plus a 3-digit number. Empty: the adapter id and '-'.",
            required = false)
    String lockIdPrefix() default "";

    @AttributeDefinition(name = "Minimum latency (ms)", min = "0")
    int latencyMinMillis() default 150;

    @AttributeDefinition(name = "Maximum latency (ms)", min = "0", max = "60000")
    int latencyMaxMillis() default 600;

    @AttributeDefinition(name = "Timeout probability",
            description = "Chance (0-1) that a command is lost and times out at its deadline.", min = "0", max = "1")
    double timeoutProbability() default 0.0;

    @AttributeDefinition(name = "Unreachable probability",
            description = "Chance (0-1) that a command fails because the radio link dropped.", min = "0", max = "1")
    double unreachableProbability() default 0.0;

    @AttributeDefinition(name = "Jam probability",
            description = "Chance (0-1) that the bolt jams on lock or unlock.", min = "0", max = "1")
    double jamProbability() default 0.0;

    @AttributeDefinition(name = "Initial battery (%)", min = "0", max = "100")
    int batteryInitialPercent() default 100;

    @AttributeDefinition(name = "Battery drain per operation (%)", min = "0")
    double batteryDrainPerOperation() default 0.01;

    @AttributeDefinition(name = "Battery drain per hour (%)", min = "0")
    double batteryDrainPerHour() default 0.005;

    @AttributeDefinition(name = "Low battery threshold (%)", min = "0", max = "100")
    int batteryLowPercent() default 20;

    @AttributeDefinition(name = "Door opened after unlock probability", min = "0", max = "1")
    double doorOpenAfterUnlockProbability() default 0.8;

    @AttributeDefinition(name = "Door left open probability",
            description = "Chance (0-1) that a guest who opened the door does not close it.", min = "0", max = "1")
    double doorLeftOpenProbability() default 0.02;

    @AttributeDefinition(name = "Door held open (ms)", description = "How long a guest holds the door open.",
            min = "0")
    int doorHoldOpenMillis() default 4000;

    @AttributeDefinition(name = "Door ajar after (s)", description = "An open door is reported ajar after this long.",
            min = "1")
    int doorAjarAfterSeconds() default 30;

    @AttributeDefinition(name = "Forced openings per lock per hour", min = "0")
    double forcedOpenPerHour() default 0.0;

    @AttributeDefinition(name = "Relock after (s)", description = "Default time an unlocked bolt stays retracted.",
            min = "1")
    int defaultRelockSeconds() default 5;

    @AttributeDefinition(name = "Telemetry interval (s)",
            description = "How often battery drain and random incidents are simulated.", min = "1")
    int telemetryIntervalSeconds() default 60;

    @AttributeDefinition(name = "Credential slots per lock", min = "1")
    int maxCredentialsPerLock() default 100;

    @AttributeDefinition(name = "Random seed", description = "0: different every start; any other value: reproducible.")
    long randomSeed() default 0;
}
