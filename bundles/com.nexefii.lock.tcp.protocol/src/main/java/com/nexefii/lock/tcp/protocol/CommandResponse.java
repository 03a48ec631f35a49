package com.nexefii.lock.tcp.protocol;

import java.util.Objects;

/**
 * RESPONSE payload: {@code status(u8) hasState(u8) [state(4)] detail(string)}.
 *
 * @param status decoded status; {@link Status#UNRECOGNIZED} keeps the raw code in {@code statusCode}
 * @param state the unit's state after the command, or {@code null}
 * @param detail free text for operators, never a secret; may be empty
 */
public record CommandResponse(Status status, int statusCode, UnitState state, String detail) {

    public static final int MAX_DETAIL_BYTES = 512;

    public CommandResponse {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static CommandResponse of(Status status, UnitState state, String detail) {
        return new CommandResponse(status, status.code(), state, detail);
    }

    public byte[] encode() {
        PayloadWriter out = new PayloadWriter().u8(statusCode).u8(state == null ? 0 : 1);
        if (state != null) {
            state.writeTo(out);
        }
        return out.string(detail).toByteArray();
    }

    public static CommandResponse decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "RESPONSE");
        int code = in.u8();
        UnitState state = in.u8() != 0 ? UnitState.readFrom(in) : null;
        String detail = in.string(MAX_DETAIL_BYTES);
        in.end();
        return new CommandResponse(Status.of(code), code, state, detail);
    }
}
