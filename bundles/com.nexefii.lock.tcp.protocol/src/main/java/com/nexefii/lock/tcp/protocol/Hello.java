package com.nexefii.lock.tcp.protocol;

import java.util.Objects;

/**
 * HELLO payload: {@code nonce(16) gatewayId(string) heartbeatIntervalMs(u32) maxFrameSize(u32)}.
 * The controller adopts the gateway's heartbeat interval, and never sends frames larger than the
 * gateway's maximum.
 */
public record Hello(byte[] nonce, String gatewayId, int heartbeatIntervalMs, int maxFrameSize) {

    public Hello {
        Objects.requireNonNull(gatewayId, "gatewayId");
        if (nonce == null || nonce.length != SessionKeys.NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + SessionKeys.NONCE_LENGTH + " bytes");
        }
    }

    public byte[] encode() {
        return new PayloadWriter().bytes(nonce).string(gatewayId).u32(heartbeatIntervalMs).u32(maxFrameSize)
                .toByteArray();
    }

    public static Hello decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "HELLO");
        byte[] nonce = in.bytes(SessionKeys.NONCE_LENGTH);
        String gatewayId = in.string(255);
        long heartbeat = in.u32();
        long maxFrame = in.u32();
        in.end();
        if (heartbeat < 1 || heartbeat > 3_600_000) {
            throw in.malformed("heartbeat interval " + heartbeat + " ms out of range");
        }
        if (maxFrame < FrameCodec.SMALLEST_MAX_FRAME_SIZE || maxFrame > FrameCodec.LARGEST_MAX_FRAME_SIZE) {
            throw in.malformed("maximum frame size " + maxFrame + " out of range");
        }
        return new Hello(nonce, gatewayId, (int) heartbeat, (int) maxFrame);
    }
}
