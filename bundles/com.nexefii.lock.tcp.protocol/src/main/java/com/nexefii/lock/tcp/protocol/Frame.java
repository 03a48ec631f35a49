package com.nexefii.lock.tcp.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One authenticated frame, without its wire framing (magic, version, length, MAC, CRC).
 *
 * @param type what the frame is
 * @param flags bit field, see {@link #FLAG_RETRANSMISSION}; unknown bits are ignored
 * @param correlationId pairs a RESPONSE with its COMMAND (unsigned 32 bit); 0 for other types
 * @param counter the sender's frame counter in this session (replay protection)
 * @param payload the type-specific payload
 */
public record Frame(FrameType type, int flags, int correlationId, long counter, byte[] payload) {

    /** On a COMMAND: this command id was sent before; answer from the result cache, do not act twice. */
    public static final int FLAG_RETRANSMISSION = 0x0001;

    public Frame {
        Objects.requireNonNull(type, "type");
        if (flags < 0 || flags > 0xFFFF) {
            throw new IllegalArgumentException("flags must fit 16 bits: " + flags);
        }
        payload = payload == null ? new byte[0] : payload;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.type == type && f.flags == flags && f.correlationId == correlationId
                && f.counter == counter && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, flags, correlationId, counter, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Frame[" + type + " corr=" + Integer.toUnsignedString(correlationId) + " ctr=" + counter + " flags="
                + flags + " payload=" + payload.length + "B]";
    }
}
