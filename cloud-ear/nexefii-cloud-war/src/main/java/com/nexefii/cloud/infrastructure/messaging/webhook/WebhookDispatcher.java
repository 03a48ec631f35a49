package com.nexefii.cloud.infrastructure.messaging.webhook;

import com.nexefii.cloud.application.WebhookTargets;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.domain.model.webhook.DeliveryStatus;
import com.nexefii.cloud.domain.model.webhook.RetryPolicy;
import com.nexefii.cloud.domain.model.webhook.Webhook;
import com.nexefii.cloud.domain.model.webhook.WebhookDelivery;
import com.nexefii.cloud.domain.model.webhook.WebhookRepository;
import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries, signed, and records each attempt. A delivery is leased (its next
 * attempt pushed out) before the HTTP call so a slow receiver holds no database transaction and no
 * other run picks it up meanwhile; failures back off exponentially until the attempts run out.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    @Inject
    Transactions tx;
    @Inject
    PropertyRepository properties;
    @Inject
    WebhookRepository webhooks;
    @Inject
    CloudMetrics metrics;
    @Inject
    WebhookTargets targets;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "nexefii.webhook.max-attempts", defaultValue = "8")
    int maxAttempts;
    @Inject
    @ConfigProperty(name = "nexefii.webhook.initial-backoff", defaultValue = "PT5S")
    Duration initialBackoff;
    @Inject
    @ConfigProperty(name = "nexefii.webhook.max-backoff", defaultValue = "PT1H")
    Duration maxBackoff;
    @Inject
    @ConfigProperty(name = "nexefii.webhook.timeout", defaultValue = "PT5S")
    Duration timeout;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Claimed(WebhookDelivery delivery, Webhook webhook) {
    }

    public void runOnce() {
        for (PropertyId p : properties.allIds()) {
            List<Claimed> claimed = claim(p);
            for (Claimed c : claimed) {
                deliver(p, c);
            }
        }
    }

    private List<Claimed> claim(PropertyId p) {
        return tx.inProperty(p, () -> {
            Instant now = clock.instant();
            List<Claimed> result = new ArrayList<>();
            for (WebhookDelivery d : webhooks.dueDeliveries(p, now, 50)) {
                Optional<Webhook> w = webhooks.find(p, d.webhookId()).filter(Webhook::active);
                if (w.isEmpty()) {
                    webhooks.recordAttempt(p, d.deliveryId(), DeliveryStatus.FAILED, null, "webhook deactivated",
                            null, now);
                    continue;
                }
                // the lease: nobody else sends it until the attempt is recorded or the lease runs out
                webhooks.recordLease(p, d.deliveryId(), now.plus(timeout.multipliedBy(3)));
                result.add(new Claimed(d, w.get()));
            }
            return result;
        });
    }

    /** The outcome of one delivery attempt: the receiver's status, or why there was none. */
    record Attempt(Integer status, String error, boolean refusedForGood) {
    }

    /**
     * One attempt: the target is checked again first, because its name may resolve elsewhere than
     * when it was subscribed (DNS rebinding); the JDK caches the answer, so the connection goes to
     * the address just checked. A refused address is no passing failure (no retries); a name that
     * does not resolve now may later, and is retried.
     */
    Attempt attempt(Webhook webhook, WebhookDelivery d, long unixSeconds) throws InterruptedException {
        try {
            targets.check(webhook.url());
            HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("X-Nexefii-Delivery-Id", d.deliveryId().toString())
                    .header("X-Nexefii-Event-Id", d.eventId().toString())
                    .header("X-Nexefii-Event-Type", d.eventType())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(webhook.secret(), unixSeconds, d.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Attempt(status, status < 200 || status >= 300 ? "HTTP " + status : null, false);
        } catch (WebhookTargets.TargetRefused e) {
            LOG.warn("Webhook delivery {} to {} refused: {}", d.deliveryId(), webhook.url(), e.getMessage());
            return new Attempt(null, "refused: " + e.getMessage(), !e.unresolved());
        } catch (java.io.IOException e) {
            return new Attempt(null, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    private void deliver(PropertyId p, Claimed c) {
        WebhookDelivery d = c.delivery();
        Attempt attempt;
        try {
            attempt = attempt(c.webhook(), d, clock.instant().getEpochSecond());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Integer status = attempt.status();
        String error = attempt.error();
        boolean refusedForGood = attempt.refusedForGood();
        int attempts = d.attempts() + 1;
        DeliveryStatus outcome;
        Instant next = null;
        if (error == null) {
            outcome = DeliveryStatus.DELIVERED;
        } else {
            Duration backoff = refusedForGood ? null
                    : new RetryPolicy(maxAttempts, initialBackoff, maxBackoff).backoffAfter(attempts);
            outcome = backoff == null ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
            next = backoff == null ? null : clock.instant().plus(backoff);
            LOG.info("Webhook delivery {} attempt {} failed ({}); {}", d.deliveryId(), attempts, error,
                    backoff == null ? "giving up" : "retrying in " + backoff);
        }
        metrics.webhookAttempt(outcome.name().toLowerCase());
        Integer code = status;
        String err = error;
        Instant nextAttempt = next;
        tx.inPropertyRun(p, () -> webhooks.recordAttempt(p, d.deliveryId(), outcome, code, err, nextAttempt,
                clock.instant()));
    }
}
