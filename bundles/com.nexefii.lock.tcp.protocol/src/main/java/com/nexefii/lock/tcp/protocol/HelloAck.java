package com.nexefii.lock.tcp.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * HELLO_ACK payload: {@code nonce(16) controllerId(string) firmware(string) eventEpoch(i64)
 * unitCount(u16) {unit(u16) model(string)}*}.
 *
 * @param eventEpoch names the controller's event numbering: it changes whenever {@code eventSequence}
 *     starts again (a controller that loses its outbox at power-up picks a new one at every start),
 *     so (controllerId, eventEpoch, eventSequence) names one event for good
 */
public record HelloAck(byte[] nonce, String controllerId, String firmware, long eventEpoch, List<UnitInfo> units) {

    /** One lock unit wired to the controller. */
    public record UnitInfo(int unit, String model) {
        public UnitInfo {
            if (unit < 0 || unit > 0xFFFF) {
                throw new IllegalArgumentException("unit number must fit 16 bits: " + unit);
            }
            Objects.requireNonNull(model, "model");
        }
    }

    public HelloAck {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(firmware, "firmware");
        if (nonce == null || nonce.length != SessionKeys.NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + SessionKeys.NONCE_LENGTH + " bytes");
        }
        units = List.copyOf(units);
    }

    public byte[] encode() {
        PayloadWriter out = new PayloadWriter().bytes(nonce).string(controllerId).string(firmware).i64(eventEpoch)
                .u16(units.size());
        for (UnitInfo unit : units) {
            out.u16(unit.unit()).string(unit.model());
        }
        return out.toByteArray();
    }

    public static HelloAck decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "HELLO_ACK");
        byte[] nonce = in.bytes(SessionKeys.NONCE_LENGTH);
        String controllerId = in.string(255);
        String firmware = in.string(255);
        long eventEpoch = in.i64();
        int count = in.u16();
        List<UnitInfo> units = new ArrayList<>(Math.min(count, 256));
        for (int i = 0; i < count; i++) {
            units.add(new UnitInfo(in.u16(), in.string(255)));
        }
        in.end();
        return new HelloAck(nonce, controllerId, firmware, eventEpoch, units);
    }
}
