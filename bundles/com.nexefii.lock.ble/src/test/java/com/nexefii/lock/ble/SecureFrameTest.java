package com.nexefii.lock.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.nexefii.lock.ble.SecureFrame.InvalidFrameException;

class SecureFrameTest {

    private final byte[] key = SecureFrame.deriveLockKey(new byte[32], "ble-101");
    private final byte[] nonce = "0123456789abcdef".getBytes();

    @Test
    void givenFrame_whenEncodedAndDecoded_thenSameContent() throws Exception {
        byte[] wire = new SecureFrame(BleOpcodes.UNLOCK, 7, new byte[] {0, 5}).encode(key, nonce, SecureFrame.FROM_GATEWAY);
        SecureFrame back = SecureFrame.decode(wire, key, nonce, SecureFrame.FROM_GATEWAY, 6);
        assertThat(back.opcode()).isEqualTo(BleOpcodes.UNLOCK);
        assertThat(back.counter()).isEqualTo(7);
        assertThat(back.payload()).containsExactly(0, 5);
    }

    @Test
    void givenCapturedFrame_whenReplayedInSameSession_thenStaleCounterRejected() throws Exception {
        byte[] wire = new SecureFrame(BleOpcodes.UNLOCK, 7, new byte[0]).encode(key, nonce, SecureFrame.FROM_GATEWAY);
        SecureFrame.decode(wire, key, nonce, SecureFrame.FROM_GATEWAY, 6);
        assertThatThrownBy(() -> SecureFrame.decode(wire, key, nonce, SecureFrame.FROM_GATEWAY, 7))
                .isInstanceOf(InvalidFrameException.class).hasMessageContaining("replayed");
    }

    @Test
    void givenCapturedFrame_whenReplayedInNewSession_thenTagRejected() {
        byte[] wire = new SecureFrame(BleOpcodes.UNLOCK, 1, new byte[0]).encode(key, nonce, SecureFrame.FROM_GATEWAY);
        byte[] nextSessionNonce = "fedcba9876543210".getBytes();
        assertThatThrownBy(() -> SecureFrame.decode(wire, key, nextSessionNonce, SecureFrame.FROM_GATEWAY, 0))
                .isInstanceOf(InvalidFrameException.class).hasMessageContaining("tag");
    }

    @Test
    void givenFrameFromLock_whenReflectedAsGatewayFrame_thenRejected() {
        byte[] wire = new SecureFrame(BleOpcodes.UNLOCK, 1, new byte[0]).encode(key, nonce, SecureFrame.FROM_LOCK);
        assertThatThrownBy(() -> SecureFrame.decode(wire, key, nonce, SecureFrame.FROM_GATEWAY, 0))
                .isInstanceOf(InvalidFrameException.class);
    }

    @Test
    void givenFlippedPayloadBit_whenDecoded_thenTagRejected() {
        byte[] wire = new SecureFrame(BleOpcodes.LOCK, 1, new byte[] {1}).encode(key, nonce, SecureFrame.FROM_GATEWAY);
        wire[SecureFrame.HEADER_LENGTH] ^= 1;
        assertThatThrownBy(() -> SecureFrame.decode(wire, key, nonce, SecureFrame.FROM_GATEWAY, 0))
                .isInstanceOf(InvalidFrameException.class).hasMessageContaining("tag");
    }

    @Test
    void givenOtherLocksKey_whenDecoded_thenRejected() {
        byte[] wire = new SecureFrame(BleOpcodes.LOCK, 1, new byte[0]).encode(key, nonce, SecureFrame.FROM_GATEWAY);
        byte[] otherKey = SecureFrame.deriveLockKey(new byte[32], "ble-102");
        assertThatThrownBy(() -> SecureFrame.decode(wire, otherKey, nonce, SecureFrame.FROM_GATEWAY, 0))
                .isInstanceOf(InvalidFrameException.class);
    }

    @Test
    void givenTruncatedOrLyingLength_whenDecoded_thenRejected() {
        byte[] wire = new SecureFrame(BleOpcodes.LOCK, 1, new byte[4]).encode(key, nonce, SecureFrame.FROM_GATEWAY);
        assertThatThrownBy(() -> SecureFrame.decode(Arrays.copyOf(wire, wire.length - 1), key, nonce,
                SecureFrame.FROM_GATEWAY, 0)).isInstanceOf(InvalidFrameException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> SecureFrame.decode(new byte[5], key, nonce, SecureFrame.FROM_GATEWAY, 0))
                .isInstanceOf(InvalidFrameException.class).hasMessageContaining("too short");
    }
}
