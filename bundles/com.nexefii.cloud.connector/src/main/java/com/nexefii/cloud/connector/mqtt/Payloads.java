package com.nexefii.cloud.connector.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
    private static final Set<String> OUTCOME_NAMES = Set.of(OUTCOMES);

    private Payloads() {
    }

    /**
     * The {@code evt} payload of an event (event.schema.json). Written straight to bytes with
     * Jackson's streaming generator and checked with plain character tests: a replay encodes every
     * stored event once more, and building a JSON tree, a copied map, a sorted stream and three
     * regular expressions per event was most of the forwarder's CPU (bench finding 10).
     */
    static byte[] event(LockEvent event) {
        // sorted by name: one stable order whatever map the adapter used
        TreeMap<String, String> attributes = new TreeMap<>(event.attributes());
        String lockId = event.lockId();
        if (lockId != null && !isLockId(lockId)) {
            attributes.put("lockRef", lockId);
            lockId = null;
        }
        String commandId = null;
        String outcome = null;
        if (event.type() == LockEventType.PACKAGE_INSTALL && isUuid(attributes.get("commandId"))) {
            commandId = attributes.remove("commandId");
        }
        if (event.type() == LockEventType.COMMAND_RESULT) {
            commandId = attributes.remove("commandId");
            if (!isUuid(commandId)) {
                // a local command id that is not a UUID: derive a stable one, keep the original
                if (commandId != null) {
                    attributes.put("commandRef", commandId);
                }
                commandId = UUID.nameUUIDFromBytes(String.valueOf(commandId).getBytes(StandardCharsets.UTF_8))
                        .toString();
            }
            outcome = attributes.remove("outcome");
            if (outcome == null || !OUTCOME_NAMES.contains(outcome)) {
                attributes.put("outcomeRef", String.valueOf(outcome));
                outcome = "REJECTED";
            }
        }
        ByteArrayBuilder out = new ByteArrayBuilder(384);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", Schemas.VERSION);
            g.writeStringField("eventId", uuidOrDerived(event.eventId()));
            g.writeStringField("propertyId", event.propertyId());
            g.writeStringField("gatewayId", event.gatewayId());
            if (lockId != null) {
                g.writeStringField("lockId", lockId);
            }
            g.writeNumberField("seq", event.sequence());
            g.writeStringField("type", event.type().name());
            g.writeStringField("priority", event.priority().name());
            g.writeStringField("occurredAt", event.timestamp().toString());
            if (commandId != null) {
                g.writeStringField("commandId", commandId);
            }
            if (outcome != null) {
                g.writeStringField("outcome", outcome);
            }
            int written = 0;
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                if (written == MAX_ATTRIBUTES) {
                    break;
                }
                if (!isAttributeName(e.getKey())) {
                    continue;
                }
                if (written == 0) {
                    g.writeObjectFieldStart("attributes");
                }
                String value = String.valueOf(e.getValue());
                g.writeStringField(e.getKey(), value.length() > MAX_ATTRIBUTE_VALUE
                        ? value.substring(0, MAX_ATTRIBUTE_VALUE) : value);
                written++;
            }
            if (written > 0) {
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an event's JSON to memory", e);
        }
        return out.toByteArray();
    }

    /** @return whether {@code s} matches {@link #UUID_PATTERN} */
    static boolean isUuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code s} matches {@link #LOCK_ID} */
    static boolean isLockId(String s) {
        if (s.isEmpty() || s.length() > 128 || !isAsciiLetterOrDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code s} matches {@link #ATTRIBUTE_NAME} */
    static boolean isAttributeName(String s) {
        if (s.isEmpty() || s.length() > 64 || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static String uuidOrDerived(String id) {
        return isUuid(id) ? id : UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
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
