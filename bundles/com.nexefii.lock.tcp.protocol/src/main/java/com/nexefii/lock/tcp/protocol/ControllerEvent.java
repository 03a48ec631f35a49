package com.nexefii.lock.tcp.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * EVENT payload: {@code eventSequence(i64) unit(u16) code(u8) occurredAtMillis(i64)
 * attributeCount(u8) {key(string) value(string)}*}.
 *
 * <p>The event sequence numbers the controller's outbox: it keeps each event until an EVENT_ACK
 * with that number arrives and sends every unacknowledged event again, in order, at the start of
 * each new session. Delivery is at least once; the sequence lets a consumer drop duplicates.
 */
public record ControllerEvent(long eventSequence, int unit, EventCode code, int rawCode, long occurredAtMillis,
        Map<String, String> attributes) {

    public static final int MAX_ATTRIBUTES = 16;

    public ControllerEvent {
        Objects.requireNonNull(code, "code");
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("at most " + MAX_ATTRIBUTES + " attributes");
        }
    }

    public static ControllerEvent of(long eventSequence, int unit, EventCode code, long occurredAtMillis,
            Map<String, String> attributes) {
        return new ControllerEvent(eventSequence, unit, code, code.code(), occurredAtMillis, attributes);
    }

    public byte[] encode() {
        PayloadWriter out = new PayloadWriter().i64(eventSequence).u16(unit).u8(rawCode).i64(occurredAtMillis)
                .u8(attributes.size());
        attributes.forEach((key, value) -> out.string(key).string(value));
        return out.toByteArray();
    }

    public static ControllerEvent decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "EVENT");
        long sequence = in.i64();
        int unit = in.u16();
        int code = in.u8();
        long at = in.i64();
        int count = in.u8();
        if (count > MAX_ATTRIBUTES) {
            throw in.malformed(count + " attributes, at most " + MAX_ATTRIBUTES + " allowed");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(in.string(64), in.string(255));
        }
        in.end();
        return new ControllerEvent(sequence, unit, EventCode.of(code), code, at, attributes);
    }
}
