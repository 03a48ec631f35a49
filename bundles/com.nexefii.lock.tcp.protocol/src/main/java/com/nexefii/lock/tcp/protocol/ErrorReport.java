package com.nexefii.lock.tcp.protocol;

import java.util.Objects;

/**
 * ERROR payload: {@code code(u8) message(string)}; the code is a {@link ProtocolException.Kind}
 * code. Sent best-effort just before closing, so the peer's log says why.
 */
public record ErrorReport(int code, String message) {

    public ErrorReport {
        Objects.requireNonNull(message, "message");
    }

    public static ErrorReport of(ProtocolException e) {
        String message = e.getMessage();
        return new ErrorReport(e.kind().code(), message.length() > 200 ? message.substring(0, 200) : message);
    }

    public byte[] encode() {
        return new PayloadWriter().u8(code).string(message).toByteArray();
    }

    public static ErrorReport decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "ERROR");
        int code = in.u8();
        String message = in.string(1024);
        in.end();
        return new ErrorReport(code, message);
    }
}
