package com.nexefii.cloud.connector.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.mqtt.contract.Schemas;
import com.nexefii.mqtt.contract.Topics;

/**
 * Encodes what the gateway publishes, always valid against the contract's schemas: whatever an
 * adapter put into an event, the cloud gets a payload it can ingest (over-long values are cut,
 * attribute names outside the contract's alphabet are dropped), so one odd event can never block
 * the ordered queue behind it.
 */
final class Payloads {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern UUID_PATTERN = Pattern
            .compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    static final Pattern LOCK_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_ATTRIBUTE_VALUE = 512;
    static final String[] OUTCOMES = { "OK", "TIMEOUT", "UNREACHABLE", "JAMMED", "REJECTED", "UNKNOWN_LOCK",
        "UNSUPPORTED", "INVALID", "EXPIRED", "DUPLICATE", "CANCELLED", "DENIED" };

    private Payloads() {
    }

    /** The {@code evt} payload of an event (event.schema.json). */
    static byte[] event(LockEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", Schemas.VERSION);
        o.put("eventId", uuidOrDerived(event.eventId()));
        o.put("propertyId", event.propertyId());
        o.put("gatewayId", event.gatewayId());
        Map<String, String> attributes = new LinkedHashMap<>(event.attributes());
        if (event.lockId() != null) {
            if (LOCK_ID.matcher(event.lockId()).matches()) {
                o.put("lockId", event.lockId());
            } else {
                attributes.put("lockRef", event.lockId());
            }
        }
        o.put("seq", event.sequence());
        o.put("type", event.type().name());
        o.put("priority", event.priority().name());
        o.put("occurredAt", event.timestamp().toString());
        if (event.type() == LockEventType.PACKAGE_INSTALL && attributes.get("commandId") != null
                && UUID_PATTERN.matcher(attributes.get("commandId")).matches()) {
            o.put("commandId", attributes.remove("commandId"));
        }
        if (event.type() == LockEventType.COMMAND_RESULT) {
            String commandId = attributes.remove("commandId");
            if (commandId == null || !UUID_PATTERN.matcher(commandId).matches()) {
                // a local command id that is not a UUID: derive a stable one, keep the original
                if (commandId != null) {
                    attributes.put("commandRef", commandId);
                }
                commandId = UUID.nameUUIDFromBytes(String.valueOf(commandId).getBytes(StandardCharsets.UTF_8))
                        .toString();
            }
            String outcome = attributes.remove("outcome");
            if (outcome == null || !List.of(OUTCOMES).contains(outcome)) {
                attributes.put("outcomeRef", String.valueOf(outcome));
                outcome = "REJECTED";
            }
            o.put("commandId", commandId);
            o.put("outcome", outcome);
        }
        ObjectNode attrs = attributes(attributes);
        if (!attrs.isEmpty()) {
            o.set("attributes", attrs);
        }
        return bytes(o);
    }

    private static ObjectNode attributes(Map<String, String> attributes) {
        ObjectNode attrs = JSON.createObjectNode();
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (attrs.size() < MAX_ATTRIBUTES && e.getKey() != null && ATTRIBUTE_NAME.matcher(e.getKey()).matches()) {
                String value = String.valueOf(e.getValue());
                attrs.put(e.getKey(), value.length() > MAX_ATTRIBUTE_VALUE ? value.substring(0, MAX_ATTRIBUTE_VALUE) : value);
            }
        });
        return attrs;
    }

    private static String uuidOrDerived(String id) {
        return UUID_PATTERN.matcher(id).matches() ? id
                : UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The retained {@code status} payload (status.schema.json). */
    static byte[] status(String propertyId, String gatewayId, boolean online, Instant at, Map<String, String> bundles,
            Long policyVersion, Long storeDepth) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", Schemas.VERSION);
        o.put("propertyId", propertyId);
        o.put("gatewayId", gatewayId);
        o.put("state", online ? "ONLINE" : "OFFLINE");
        o.put("at", at.toString());
        if (bundles != null && !bundles.isEmpty()) {
            ObjectNode b = o.putObject("bundles");
            bundles.forEach((name, version) -> b.put(name, version.length() > 64 ? version.substring(0, 64) : version));
        }
        if (policyVersion != null) {
            o.put("policyVersion", policyVersion);
        }
        if (storeDepth != null) {
            o.put("storeDepth", storeDepth);
        }
        return bytes(o);
    }

    /** The retained {@code inventory} payload (inventory.schema.json). */
    static byte[] inventory(String propertyId, String gatewayId, Instant at, Collection<LockInfo> locks) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", Schemas.VERSION);
        o.put("propertyId", propertyId);
        o.put("gatewayId", gatewayId);
        o.put("at", at.toString());
        ArrayNode array = o.putArray("locks");
        locks.stream().filter(l -> LOCK_ID.matcher(l.lockId()).matches()).sorted(Comparator.comparing(LockInfo::lockId))
                .limit(10_000).forEach(l -> {
                    ObjectNode n = array.addObject();
                    n.put("lockId", l.lockId());
                    n.put("protocol", cut(l.protocol(), 32));
                    n.put("adapterId", cut(l.adapterId(), 64));
                    if (l.model() != null) {
                        n.put("model", cut(l.model(), 128));
                    }
                });
        return bytes(o);
    }

    /** The {@code policy/ack} payload (policy-ack.schema.json). */
    static byte[] policyAck(String propertyId, String gatewayId, long appliedVersion, boolean needSnapshot, Instant at) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", Schemas.VERSION);
        o.put("propertyId", propertyId);
        o.put("gatewayId", gatewayId);
        o.put("appliedVersion", appliedVersion);
        if (needSnapshot) {
            o.put("needSnapshot", true);
        }
        o.put("at", at.toString());
        return bytes(o);
    }

    /**
     * Reads an {@code evt/ack} (event-ack.schema.json) addressed to this gateway.
     *
     * @return its inclusive seq ranges
     * @throws IllegalArgumentException saying what is wrong: the caller ignores the message
     */
    static List<long[]> eventAckRanges(byte[] payload, String propertyId, String gatewayId) {
        if (payload.length > Topics.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("oversized: " + payload.length + " bytes");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject() || doc.path("v").asInt() != Schemas.VERSION) {
            throw new IllegalArgumentException("not a v" + Schemas.VERSION + " object");
        }
        if (!propertyId.equals(doc.path("propertyId").asText()) || !gatewayId.equals(doc.path("gatewayId").asText())) {
            throw new IllegalArgumentException("addressed to another gateway");
        }
        JsonNode ranges = doc.path("seqRanges");
        if (!ranges.isArray() || ranges.isEmpty() || ranges.size() > 2048) {
            throw new IllegalArgumentException("seqRanges must hold 1..2048 pairs");
        }
        List<long[]> result = new ArrayList<>(ranges.size());
        for (JsonNode r : ranges) {
            if (!r.isArray() || r.size() != 2 || !r.get(0).isIntegralNumber() || !r.get(1).isIntegralNumber()
                    || r.get(0).asLong() < 0 || r.get(0).asLong() > r.get(1).asLong()) {
                throw new IllegalArgumentException("seqRanges: not a [fromSeq, toSeq] pair: " + r);
            }
            result.add(new long[] { r.get(0).asLong(), r.get(1).asLong() });
        }
        return result;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
