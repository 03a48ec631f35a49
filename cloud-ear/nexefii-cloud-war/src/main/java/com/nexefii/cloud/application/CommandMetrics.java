package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.command.Command;
import java.time.Instant;

/** Port for command counters and latency (MicroProfile Metrics in production, no-op in unit tests). */
public interface CommandMetrics {

    void issued(Command command);

    void completed(Command command, Instant at);

    void expired();
}
