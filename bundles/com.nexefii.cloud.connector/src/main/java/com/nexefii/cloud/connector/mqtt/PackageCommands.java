package com.nexefii.cloud.connector.mqtt;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.mqtt.contract.Topics;

/**
 * The {@code pkg} channel: checks a package install command against contract 1.1
 * (package-install.schema.json, by hand like {@link CommandValidator}), for this gateway, not expired, not
 * seen before (the id joins the durable replay set first), then hands it to the installer. Every stage and
 * the result become {@code PACKAGE_INSTALL} events through the publisher, so they reach the cloud through
 * the durable event store in order like every event. A command the gateway refuses gets one
 * {@code REFUSED} event; one whose package cannot be named gets a {@code GATEWAY_ALARM}
 * {@code alarm=command-rejected}. An outcome the installer kept because this connector's predecessor was
 * replaced by the very package it installed (the core) is reported by {@link #reportKept()}.
 */
final class PackageCommands {

    static final Pattern PACKAGE_NAME = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");
    static final Pattern PACKAGE_VERSION = Pattern
            .compile("^[0-9]{1,9}(\\.[0-9]{1,9}(\\.[0-9]{1,9}(\\.[A-Za-z0-9_-]{1,64})?)?)?$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern HTTPS_URL = Pattern.compile("^https://[^\\s]+$");
    private static final long MAX_SIZE = 536_870_912L;
    private static final Set<String> FIELDS = Set.of("v", "commandId", "propertyId", "gatewayId", "rolloutId",
            "package", "issuedAt", "expiresAt", "issuedBy");
    private static final Set<String> REQUIRED = Set.of("v", "commandId", "propertyId", "gatewayId", "package",
            "issuedAt", "expiresAt");
    private static final Set<String> PACKAGE_FIELDS = Set.of("name", "version", "url", "sha256", "size");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Logger LOG = LoggerFactory.getLogger(PackageCommands.class);

    /** A valid command for this gateway. */
    record Accepted(String commandId, String packageName, String version, URI url, String sha256, long size,
            Instant expiresAt) {
    }

    /** Refused; {@code packageName}/{@code version} are null when the payload did not name them validly. */
    record Refused(String commandId, String packageName, String version, String reason, String detail) {
    }

    private final String propertyId;
    private final String gatewayId;
    private final Duration maxLifetime;
    private final ExecutedCommands executed;
    private final LockEventPublisher publisher;
    private final Supplier<PackageInstalls> installs;
    private final Counters counters;
    private final Clock clock;

    PackageCommands(String propertyId, String gatewayId, Duration maxLifetime, ExecutedCommands executed,
            LockEventPublisher publisher, Supplier<PackageInstalls> installs, Counters counters, Clock clock) {
        this.propertyId = propertyId;
        this.gatewayId = gatewayId;
        this.maxLifetime = maxLifetime;
        this.executed = executed;
        this.publisher = publisher;
        this.installs = installs;
        this.counters = counters;
        this.clock = clock;
    }

    /** Runs on the connector's single command thread, so the replay check and record are atomic. */
    void handle(byte[] payload) {
        Object check = check(payload, clock.instant());
        if (check instanceof Accepted a) {
            if (executed.contains(a.commandId())) {
                check = new Refused(a.commandId(), a.packageName(), a.version(), "duplicate",
                        "command already executed");
            } else {
                PackageInstalls service = installs.get();
                if (service == null) {
                    check = new Refused(a.commandId(), a.packageName(), a.version(), "not-configured",
                            "this gateway is not configured for cloud package installs"
                                    + " (PID com.nexefii.gateway.deploy.download)");
                } else {
                    start(a, service);
                    return;
                }
            }
        }
        refuse(check instanceof Refused r ? r : null, String.valueOf(check));
    }

    private void start(Accepted a, PackageInstalls service) {
        try {
            // durable before anything happens: a replayed command must not install twice
            executed.add(a.commandId(), a.expiresAt());
        } catch (IOException e) {
            LOG.error("Cannot record package command {} as executed; refusing it", a.commandId(), e);
            refuse(new Refused(a.commandId(), a.packageName(), a.version(), "replay-store-failed",
                    "gateway cannot record the command"), null);
            return;
        }
        counters.increment("packages.accepted");
        LOG.info("Package command {}: install {} {}", a.commandId(), a.packageName(), a.version());
        service.install(a.commandId(), a.packageName(), a.version(), a.url(), a.sha256(), a.size(),
                (stage, details) -> report(a.commandId(), a.packageName(), a.version(), stage, details));
    }

    /**
     * Reports the outcomes the installer kept (their listener was gone, or failed), then lets the installer
     * forget each one: the event is durable in the store once publish returns. Runs on the command thread
     * like {@link #handle}. A failed publish leaves the rest for the next call.
     *
     * @return how many were reported
     */
    int reportKept() {
        PackageInstalls service = installs.get();
        if (service == null) {
            return 0;
        }
        int reported = 0;
        for (PackageInstalls.Outcome o : service.unreported()) {
            try {
                report(o.commandId(), o.packageName(), o.version(), o.stage(), o.details());
            } catch (RuntimeException e) {
                LOG.warn("Kept outcome {} of package command {} not reported yet: {}", o.stage(), o.commandId(),
                        e.toString());
                return reported;
            }
            service.reported(o.commandId());
            counters.increment("packages.kept-outcome-reported");
            LOG.info("Package command {}: reported its kept outcome {} ({} {})", o.commandId(), o.stage(),
                    o.packageName(), o.version());
            reported++;
        }
        return reported;
    }

    private void report(String commandId, String packageName, String version, String stage,
            Map<String, String> details) {
        Map<String, String> attributes = new LinkedHashMap<>(details);
        attributes.put("commandId", commandId);
        attributes.put("stage", stage);
        attributes.put("package", packageName);
        attributes.put("version", version);
        publisher.publish(null, LockEventType.PACKAGE_INSTALL, attributes);
        counters.increment("packages.stage." + stage);
    }

    private void refuse(Refused r, String unanswerable) {
        try {
            if (r != null && r.packageName() != null && r.version() != null) {
                LOG.warn("Refused package command {}: {} ({})", r.commandId(), r.reason(), r.detail());
                report(r.commandId(), r.packageName(), r.version(), "REFUSED",
                        Map.of("reason", r.reason() + ": " + r.detail()));
            } else {
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("alarm", "command-rejected");
                attributes.put("channel", "pkg");
                if (r != null) {
                    attributes.put("commandId", r.commandId());
                    attributes.put("reason", r.reason());
                    attributes.put("detail", r.detail());
                } else {
                    attributes.put("reason", "unreadable");
                    attributes.put("detail", unanswerable);
                }
                LOG.warn("Refused a package command that names no valid package: {}", attributes);
                publisher.publish(null, LockEventType.GATEWAY_ALARM, attributes);
            }
            counters.increment("packages.rejected." + (r == null ? "unreadable" : r.reason()));
        } catch (RuntimeException e) {
            counters.increment("packages.result-not-published");
            LOG.error("Cannot publish the refusal of a package command", e);
        }
    }

    /** @return {@link Accepted}, {@link Refused}, or a String saying why no command can be named */
    Object check(byte[] payload, Instant now) {
        if (payload.length > Topics.MAX_PAYLOAD_BYTES) {
            return "oversized: " + payload.length + " bytes";
        }
        JsonNode root;
        try {
            root = STRICT.readTree(payload);
        } catch (IOException e) {
            return "not JSON";
        }
        if (root == null || !root.isObject()) {
            return "not a JSON object";
        }
        JsonNode id = root.get("commandId");
        if (id == null || !id.isTextual() || !Payloads.UUID_PATTERN.matcher(id.asText()).matches()) {
            return "commandId missing or not a UUID";
        }
        String commandId = id.asText();
        JsonNode p = root.path("package");
        String name = textMatching(p, "name", PACKAGE_NAME);
        String version = textMatching(p, "version", PACKAGE_VERSION);
        String error = schemaError(root);
        if (error != null) {
            return new Refused(commandId, name, version, "schema", error);
        }
        if (!propertyId.equals(root.get("propertyId").asText()) || !gatewayId.equals(root.get("gatewayId").asText())) {
            return new Refused(commandId, name, version, "wrong-gateway",
                    "addressed to " + root.get("propertyId").asText() + "/" + root.get("gatewayId").asText());
        }
        Instant expiresAt = CommandValidator.instant(root.get("expiresAt").asText());
        if (!now.isBefore(expiresAt)) {
            return new Refused(commandId, name, version, "expired", "expired at " + expiresAt);
        }
        if (expiresAt.isAfter(now.plus(maxLifetime))) {
            return new Refused(commandId, name, version, "expiry-too-far", "expiresAt more than " + maxLifetime
                    + " ahead");
        }
        URI url;
        try {
            url = URI.create(p.get("url").asText());
        } catch (IllegalArgumentException e) {
            return new Refused(commandId, name, version, "schema", "package.url is not a URL");
        }
        return new Accepted(commandId, name, version, url, p.get("sha256").asText(), p.get("size").asLong(),
                expiresAt);
    }

    /** @return the first way the payload breaks package-install.schema.json, or null when it is valid */
    static String schemaError(JsonNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return "unknown field " + name;
            }
        }
        for (String name : REQUIRED) {
            if (!root.has(name)) {
                return "missing field " + name;
            }
        }
        JsonNode v = root.get("v");
        if (!v.isIntegralNumber() || v.asLong() != 1) {
            return "v must be 1";
        }
        if (textMatching(root, "propertyId", Topics.ID) == null || textMatching(root, "gatewayId", Topics.ID) == null) {
            return "propertyId and gatewayId must be ids";
        }
        if (root.has("rolloutId") && textMatching(root, "rolloutId", Payloads.UUID_PATTERN) == null) {
            return "rolloutId is not a UUID";
        }
        for (String name : new String[] { "issuedAt", "expiresAt" }) {
            JsonNode t = root.get(name);
            if (!t.isTextual() || t.asText().length() > 40 || CommandValidator.instant(t.asText()) == null) {
                return name + " is not a date-time";
            }
        }
        JsonNode issuedBy = root.get("issuedBy");
        if (issuedBy != null && (!issuedBy.isTextual() || issuedBy.asText().length() > 256)) {
            return "issuedBy must be a string of at most 256 characters";
        }
        JsonNode p = root.get("package");
        if (!p.isObject()) {
            return "package must be an object";
        }
        for (Iterator<String> names = p.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!PACKAGE_FIELDS.contains(name)) {
                return "unknown field package." + name;
            }
        }
        for (String name : PACKAGE_FIELDS) {
            if (!p.has(name)) {
                return "missing field package." + name;
            }
        }
        if (textMatching(p, "name", PACKAGE_NAME) == null || p.get("name").asText().length() > 128) {
            return "package.name is not a package name";
        }
        if (textMatching(p, "version", PACKAGE_VERSION) == null) {
            return "package.version is not a package version";
        }
        if (textMatching(p, "url", HTTPS_URL) == null || p.get("url").asText().length() > 2048) {
            return "package.url must be an https URL of at most 2048 characters";
        }
        if (textMatching(p, "sha256", SHA256) == null) {
            return "package.sha256 must be 64 lower-case hex digits";
        }
        JsonNode size = p.get("size");
        if (!size.isIntegralNumber() || size.asLong() < 1 || size.asLong() > MAX_SIZE) {
            return "package.size must be an integer 1.." + MAX_SIZE;
        }
        return null;
    }

    private static String textMatching(JsonNode node, String field, Pattern pattern) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isTextual() && pattern.matcher(n.asText()).matches() ? n.asText() : null;
    }
}
