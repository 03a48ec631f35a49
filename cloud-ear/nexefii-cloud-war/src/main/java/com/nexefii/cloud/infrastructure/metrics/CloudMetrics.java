package com.nexefii.cloud.infrastructure.metrics;

import com.nexefii.cloud.application.CommandMetrics;
import com.nexefii.cloud.application.IngestResult;
import com.nexefii.cloud.domain.model.command.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** The cloud's MicroProfile Metrics (served in Prometheus format at /metrics). */
@ApplicationScoped
public class CloudMetrics implements CommandMetrics {

    @Inject
    MetricRegistry registry;

    @Override
    public void issued(Command command) {
        registry.counter("nexefii.commands.issued", new Tag("type", command.type().name())).inc();
    }

    @Override
    public void completed(Command command, Instant at) {
        registry.counter("nexefii.commands.completed", new Tag("state", Command.stateFor(
                command.outcome() == null ? com.nexefii.cloud.domain.model.command.CommandOutcome.OK : command.outcome())
                .name())).inc();
        registry.timer("nexefii.commands.latency").update(Duration.between(command.issuedAt(), at));
        if (command.sentAt() != null) {
            // from the hand-over to the broker to the gateway's result: the round trip through
            // broker, gateway and lock, without the time a command waited for its gateway
            registry.timer("nexefii.commands.sent.to.done", new Tag("state", command.state().name()))
                    .update(Duration.between(command.sentAt(), at));
        }
    }

    @Override
    public void expired() {
        registry.counter("nexefii.commands.expired").inc();
    }

    public void ingested(IngestResult result, int batchSize) {
        registry.counter("nexefii.audit.ingested").inc(result.inserted());
        registry.counter("nexefii.audit.duplicates").inc(result.duplicates());
        registry.counter("nexefii.audit.sequence.gaps").inc(result.gaps());
        registry.counter("nexefii.audit.refused").inc(result.rejected());
        registry.histogram("nexefii.audit.batch.size").update(batchSize);
    }

    /** An evt/ack handed to the broker ({@code sent}) or not (the gateway sends its events again). */
    public void eventAck(boolean sent) {
        registry.counter("nexefii.mqtt.event.acks", new Tag("result", sent ? "sent" : "failed")).inc();
    }

    public void ingestFailed() {
        registry.counter("nexefii.audit.ingest.failures").inc();
    }

    public void mqttRejected(String reason) {
        registry.counter("nexefii.mqtt.rejected", new Tag("reason", reason)).inc();
    }

    public void mqttReceived(String channel) {
        registry.counter("nexefii.mqtt.received", new Tag("channel", channel)).inc();
    }

    public void webhookAttempt(String result) {
        registry.counter("nexefii.webhook.attempts", new Tag("result", result)).inc();
    }

    public void httpResponse(int status) {
        registry.counter("nexefii.http.responses", new Tag("status", status / 100 + "xx")).inc();
    }

    /** One API request: its endpoint is the matched path template, so the number of series stays bounded. */
    public void httpRequest(String method, String endpoint, int status, Duration duration) {
        registry.timer("nexefii.http.requests", new Tag("method", method), new Tag("endpoint", endpoint),
                new Tag("status", Integer.toString(status))).update(duration);
    }

    public void gauge(String name, Supplier<Number> value) {
        registry.gauge(name, value::get);
    }
}
