package com.nexefii.gateway.deploy;

import java.time.Duration;
import java.util.List;

/**
 * The health gate's verdict.
 *
 * @param healthy true when every check passed within the window
 * @param problems what was wrong at the last look, for people; empty when healthy
 * @param waited how long the gate waited for the verdict
 */
public record HealthReport(boolean healthy, List<String> problems, Duration waited) {

    public HealthReport {
        problems = List.copyOf(problems);
    }
}
