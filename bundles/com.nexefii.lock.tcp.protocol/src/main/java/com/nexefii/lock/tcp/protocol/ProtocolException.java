package com.nexefii.lock.tcp.protocol;

import java.io.IOException;

/**
 * The peer broke the protocol. Every kind ends the connection: after a bad frame the byte stream
 * cannot be trusted to be aligned on a frame boundary, and after a bad MAC the peer cannot be
 * trusted at all.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was wrong; also the code sent in an {@link FrameType#ERROR} frame. */
    public enum Kind {
        /** Bad magic, unknown version or type, payload that does not parse. */
        MALFORMED(1),
        /** The CRC32C does not match: corruption or garbage. */
        CHECKSUM(2),
        /** The declared length exceeds the negotiated maximum frame size. */
        OVERSIZED(3),
        /** The stream ended inside a frame. */
        TRUNCATED(4),
        /** The HMAC does not match: wrong key, tampering, or a frame from another session. */
        AUTHENTICATION(5),
        /** The counter is not the next one expected: a replayed, dropped or reordered frame. */
        REPLAY(6),
        /** A well-formed frame that is not allowed now (a COMMAND before the handshake, say). */
        UNEXPECTED(7);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** @return true for kinds that mean someone may be attacking, not just a bug or a bad line */
        public boolean securityRelevant() {
            return this == AUTHENTICATION || this == REPLAY;
        }
    }

    private final Kind kind;

    public ProtocolException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
