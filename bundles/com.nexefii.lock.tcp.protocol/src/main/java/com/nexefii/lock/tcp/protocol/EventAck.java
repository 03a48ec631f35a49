package com.nexefii.lock.tcp.protocol;

/** EVENT_ACK payload: {@code eventSequence(i64)}; sent only once the event is durably stored. */
public record EventAck(long eventSequence) {

    public byte[] encode() {
        return new PayloadWriter().i64(eventSequence).toByteArray();
    }

    public static EventAck decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "EVENT_ACK");
        long sequence = in.i64();
        in.end();
        return new EventAck(sequence);
    }
}
