package com.nexefii.cloud.interfaces.gateway.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.application.ApplicationFailure;
import com.nexefii.cloud.application.AuditRecorder;
import com.nexefii.cloud.application.GatewayService;
import com.nexefii.cloud.application.PolicyService;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.messaging.mqtt.InboundMessageHandler;
import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import com.nexefii.mqtt.contract.Channel;
import com.nexefii.mqtt.contract.GatewayTopic;
import com.nexefii.mqtt.contract.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway-facing MQTT interface: every inbound message is checked (topic, size, JSON, contract
 * schema, payload ids equal to the topic's) before it reaches a use case. A refused message is
 * logged, counted, audited in its property when the topic names one, and acknowledged: it can
 * neither crash the bridge nor block the messages behind it.
 */
@ApplicationScoped
public class GatewayMessages implements InboundMessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMessages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventBatcher batcher;
    @Inject
    IngestAcknowledgements acknowledgements;
    @Inject
    GatewayService gatewayService;
    @Inject
    PolicyService policyService;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    Transactions tx;
    @Inject
    CloudMetrics metrics;
    @Inject
    Clock clock;

    private ContractValidator validator;

    public void start() {
        validator = new ContractValidator();
    }

    @Override
    public void onMessage(String topic, byte[] payload, Runnable ack) {
        Optional<GatewayTopic> parsed = Topics.parse(topic);
        if (parsed.isEmpty()) {
            refuse(null, topic, "unknown-topic", "not a contract topic", payload.length, ack);
            return;
        }
        GatewayTopic t = parsed.get();
        metrics.mqttReceived(t.channel().path());
        if (payload.length > Topics.MAX_PAYLOAD_BYTES) {
            refuse(t, topic, "oversized", payload.length + " bytes > " + Topics.MAX_PAYLOAD_BYTES, payload.length, ack);
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            refuse(t, topic, "malformed-json", e.getOriginalMessage(), payload.length, ack);
            return;
        } catch (java.io.IOException e) {
            refuse(t, topic, "malformed-json", e.getMessage(), payload.length, ack);
            return;
        }
        if (json == null || !json.isObject()) {
            refuse(t, topic, "malformed-json", "payload is not a JSON object", payload.length, ack);
            return;
        }
        String violations = validator.violations(t.channel(), json);
        if (!violations.isEmpty()) {
            refuseEvent(t, topic, json, "schema-violation", violations, payload.length, ack);
            return;
        }
        if (!t.propertyId().equals(json.path("propertyId").asText()) || !t.gatewayId().equals(json.path("gatewayId").asText())) {
            refuseEvent(t, topic, json, "topic-mismatch", "payload ids differ from the topic's", payload.length, ack);
            return;
        }
        PropertyId property = new PropertyId(t.propertyId());
        try {
            switch (t.channel()) {
                case EVT -> {
                    batcher.submit(event(property, json), ack);
                    return;
                }
                case STATUS -> gatewayService.statusReceived(property, t.gatewayId(),
                        "ONLINE".equals(json.path("state").asText()), strings(json.path("bundles")),
                        json.has("policyVersion") ? json.path("policyVersion").asLong() : null,
                        Instant.parse(json.path("at").asText()));
                case INVENTORY -> gatewayService.inventoryReceived(property, t.gatewayId(), inventory(json),
                        Instant.parse(json.path("at").asText()));
                case POLICY_ACK -> policyService.acknowledged(property, t.gatewayId(),
                        json.path("appliedVersion").asLong(), json.path("needSnapshot").asBoolean(false));
                default -> {
                    refuse(t, topic, "wrong-direction", "cloud-to-gateway channel", payload.length, ack);
                    return;
                }
            }
            ack.run();
        } catch (ApplicationFailure e) {
            refuse(t, topic, "refused", e.getMessage(), payload.length, ack);
        } catch (RuntimeException e) {
            metrics.mqttRejected("processing-failed");
            LOG.error("Processing {} failed; message acknowledged (state messages are retained and re-sent)", topic, e);
            ack.run();
        }
    }

    static AuditEvent event(PropertyId property, JsonNode j) {
        return new AuditEvent(UUID.fromString(j.path("eventId").asText()), property, AuditEvent.Source.GATEWAY,
                j.path("gatewayId").asText(), text(j, "lockId"), j.path("seq").asLong(), j.path("type").asText(),
                Priority.valueOf(j.path("priority").asText()), Instant.parse(j.path("occurredAt").asText()),
                Instant.now(), null, j.has("commandId") ? UUID.fromString(j.path("commandId").asText()) : null,
                text(j, "outcome"), strings(j.path("attributes")));
    }

    static List<GatewayService.InventoryItem> inventory(JsonNode j) {
        List<GatewayService.InventoryItem> items = new ArrayList<>();
        for (JsonNode l : j.path("locks")) {
            items.add(new GatewayService.InventoryItem(l.path("lockId").asText(), text(l, "protocol"), text(l, "model"),
                    text(l, "bolt"), text(l, "door"), l.has("batteryPercent") ? l.path("batteryPercent").asInt() : null,
                    l.has("online") ? l.path("online").asBoolean() : null));
        }
        return items;
    }

    private static String text(JsonNode j, String field) {
        return j.hasNonNull(field) ? j.path(field).asText() : null;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /**
     * Refuses a parsed message; for an event whose seq can be read, the refusal once audited is also
     * acknowledged on {@code evt/ack} (the topic's gateway is the certificate's, by the broker's ACL):
     * the gateway would otherwise send the same refused event forever, ahead of all its others.
     */
    private void refuseEvent(GatewayTopic t, String topic, JsonNode json, String reason, String detail, int size,
            Runnable ack) {
        boolean audited = refuse(t, topic, reason, detail, size, ack);
        JsonNode seq = json.path("seq");
        if (audited && t.channel() == Channel.EVT && seq.canConvertToLong() && seq.isIntegralNumber() && seq.asLong() >= 0) {
            acknowledgements.refused(new PropertyId(t.propertyId()), t.gatewayId(), seq.asLong());
        }
    }

    /** @return whether the refusal is in the audit */
    private boolean refuse(GatewayTopic t, String topic, String reason, String detail, int size, Runnable ack) {
        metrics.mqttRejected(reason);
        String shownTopic = topic.length() > 200 ? topic.substring(0, 200) + "..." : topic;
        LOG.warn("Refused MQTT message on {} ({} bytes): {}: {}", shownTopic, size, reason, detail);
        boolean audited = false;
        if (t != null) {
            try {
                PropertyId p = new PropertyId(t.propertyId());
                tx.inPropertyRun(p, () -> auditRecorder.record(p, "MQTT_MESSAGE_REJECTED", Priority.SECURITY, null, null,
                        null, Map.of("reason", reason, "gatewayId", t.gatewayId(), "channel", t.channel().path(),
                                "bytes", Integer.toString(size),
                                "detail", detail == null ? "" : detail.substring(0, Math.min(detail.length(), 500)))));
                audited = true;
            } catch (RuntimeException e) {
                LOG.warn("Could not audit the refusal in property {}: {}", t.propertyId(), e.toString());
            }
        }
        ack.run();
        return audited;
    }
}
