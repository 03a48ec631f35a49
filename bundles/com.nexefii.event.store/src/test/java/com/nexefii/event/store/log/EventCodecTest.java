package com.nexefii.event.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;

class EventCodecTest {

    @Test
    void givenAnEventWithAttributesAndUnicode_whenEncodedAndDecoded_thenEqual() {
        LockEvent event = new LockEvent("0b6f8f3c-2f7e-4f0a-9a51-3f4d5e6a7b8c", "hotel-a", "gw-a1", "sim-a-101", 4711,
                Instant.parse("2026-11-25T10:00:00.412345678Z"), LockEventType.UNLOCKED,
                Map.of("credentialId", "mk-7f3a", "method", "mobile-key", "note", "Zimmer 101 – Türe"));

        LockEvent decoded = EventCodec.decode(ByteBuffer.wrap(EventCodec.encode(event)));

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void givenAGatewayEventWithoutLock_whenRoundTripped_thenLockIdStaysNull() {
        LockEvent event = new LockEvent("id-1", "hotel-a", "gw-a1", null, 1, Instant.EPOCH, LockEventType.GATEWAY_ALARM,
                Map.of("alarm", "x"));

        assertThat(EventCodec.decode(ByteBuffer.wrap(EventCodec.encode(event))).lockId()).isNull();
    }

    @Test
    void givenTruncatedBytes_whenDecoded_thenIllegalArgumentNotACrash() {
        byte[] bytes = EventCodec.encode(Events.normal());
        ByteBuffer cut = ByteBuffer.wrap(bytes, 0, bytes.length - 5).slice();

        assertThatThrownBy(() -> EventCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAnUnknownEncodingVersion_whenDecoded_thenRejected() {
        byte[] bytes = EventCodec.encode(Events.normal());
        bytes[0] = 99;

        assertThatThrownBy(() -> EventCodec.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 99");
    }
}
