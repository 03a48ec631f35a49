package com.nexefii.bench.mqtt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Lock events as the MQTT contract v1 {@code evt} channel carries them ({@code event.schema.json}). */
public final class ContractEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One event, for COPY rows and checks. */
    public record Event(UUID eventId, String propertyId, String gatewayId, String lockId, long seq, Instant occurredAt,
            String attributesJson, byte[] payload) {
    }

    private ContractEvents() {
    }

    /**
     * UNLOCKED events by a mobile key, sequence numbers from {@code firstSeq}.
     *
     * @param runMarker put into the attributes ({@code benchRun}) so a run's rows can be counted
     */
    public static List<Event> unlocked(int count, String propertyId, String gatewayId, long firstSeq, String runMarker)
            throws Exception {
        List<Event> events = new ArrayList<>(count);
        Instant base = Instant.now();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String lock = "sim-a-" + (100 + i % 400);
            Instant at = base.plusMillis(i);
            ObjectNode attributes = JSON.createObjectNode();
            attributes.put("credentialId", "mk-7f3a");
            attributes.put("method", "mobile-key");
            attributes.put("benchRun", runMarker);
            ObjectNode e = JSON.createObjectNode();
            e.put("v", 1);
            e.put("eventId", id.toString());
            e.put("propertyId", propertyId);
            e.put("gatewayId", gatewayId);
            e.put("lockId", lock);
            e.put("seq", firstSeq + i);
            e.put("type", "UNLOCKED");
            e.put("priority", "NORMAL");
            e.put("occurredAt", at.toString());
            e.set("attributes", attributes);
            events.add(new Event(id, propertyId, gatewayId, lock, firstSeq + i, at, JSON.writeValueAsString(attributes),
                    JSON.writeValueAsBytes(e)));
        }
        return events;
    }
}
