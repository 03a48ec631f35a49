package com.nexefii.lock.tcp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.nexefii.lock.tcp.protocol.FrameCodec.ReceivedFrame;
import com.nexefii.lock.tcp.protocol.ProtocolException.Kind;

class FrameCodecTest {

    private static final byte[] KEY = "test-only-key-0123456789abcdef!!".getBytes();
    private static final int MAX = 4096;

    private static Frame sample() {
        return new Frame(FrameType.COMMAND, Frame.FLAG_RETRANSMISSION, 0xFFFF_FFFE, 42L,
                CommandRequest.simple("cmd-1", 3, Opcode.LOCK).encode());
    }

    @Test
    void givenAFrame_whenEncodedAndDecoded_thenEveryFieldSurvives() throws Exception {
        Frame frame = sample();

        byte[] wire = FrameCodec.encode(frame, KEY);
        Frame decoded = FrameCodec.decode(wire, MAX).verify(KEY);

        assertThat(decoded).isEqualTo(frame);
        assertThat(wire).hasSize(FrameCodec.OVERHEAD + frame.payload().length);
        assertThat(Arrays.copyOf(wire, 2)).containsExactly(0x4E, 0x58);
    }

    @Test
    void givenTwoFramesBackToBackOnAStream_whenRead_thenBothComeOutThenCleanEndOfStream() throws Exception {
        Frame first = sample();
        Frame second = new Frame(FrameType.HEARTBEAT, 0, 0, 43L, null);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(FrameCodec.encode(first, KEY)),
                new ByteArrayInputStream(FrameCodec.encode(second, KEY)));

        assertThat(FrameCodec.read(in, MAX).verify(KEY)).isEqualTo(first);
        assertThat(FrameCodec.read(in, MAX).verify(KEY)).isEqualTo(second);
        assertThat(FrameCodec.read(in, MAX)).isNull();
    }

    @Test
    void givenAFlippedPayloadBit_whenDecoded_thenTheChecksumFails() {
        byte[] wire = FrameCodec.encode(sample(), KEY);
        wire[FrameCodec.HEADER_LENGTH + 2] ^= 0x10;

        assertThatThrownBy(() -> FrameCodec.decode(wire, MAX)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.CHECKSUM);
    }

    @Test
    void givenAPayloadChangedAndTheChecksumRecomputed_whenVerified_thenTheMacFails() throws Exception {
        byte[] wire = FrameCodec.encode(sample(), KEY);
        wire[FrameCodec.HEADER_LENGTH + 2] ^= 0x10;
        recomputeCrc(wire);

        ReceivedFrame received = FrameCodec.decode(wire, MAX);

        assertThatThrownBy(() -> received.verify(KEY)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.AUTHENTICATION);
    }

    @Test
    void givenAFrameMacedWithAnotherKey_whenVerified_thenAuthenticationFails() throws Exception {
        byte[] other = "another-test-key-0123456789abcdef".getBytes();
        ReceivedFrame received = FrameCodec.decode(FrameCodec.encode(sample(), other), MAX);

        assertThatThrownBy(() -> received.verify(KEY)).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.AUTHENTICATION);
    }

    @Test
    void givenAStreamThatEndsInsideAFrame_whenRead_thenItIsTruncated() {
        byte[] wire = FrameCodec.encode(sample(), KEY);
        byte[] cut = Arrays.copyOf(wire, wire.length - 5);

        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(cut), MAX))
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.TRUNCATED);
        assertThatThrownBy(() -> FrameCodec.decode(cut, MAX)).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.TRUNCATED);
    }

    @Test
    void givenAStreamThatEndsInsideTheHeader_whenRead_thenItIsTruncated() {
        byte[] cut = Arrays.copyOf(FrameCodec.encode(sample(), KEY), 7);

        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(cut), MAX))
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.TRUNCATED);
    }

    @Test
    void givenAHeaderDeclaringMoreThanTheMaximum_whenRead_thenItIsRejectedBeforeThePayloadArrives() {
        byte[] header = Arrays.copyOf(FrameCodec.encode(sample(), KEY), FrameCodec.HEADER_LENGTH);
        ByteBuffer.wrap(header).putInt(18, 0x7FFF_FFFF);
        // only the header is available: a reader that waited for the payload would block or allocate 2 GiB
        InputStream headerOnly = new ByteArrayInputStream(header);

        assertThatThrownBy(() -> FrameCodec.read(headerOnly, MAX)).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.OVERSIZED);
    }

    @Test
    void givenAFrameOneByteOverTheMaximum_whenDecoded_thenItIsOversized_andAtTheMaximumItIsAccepted()
            throws Exception {
        int payloadAtLimit = 300 - FrameCodec.OVERHEAD;
        byte[] atLimit = FrameCodec.encode(new Frame(FrameType.EVENT, 0, 0, 1, new byte[payloadAtLimit]), KEY);
        byte[] overLimit = FrameCodec.encode(new Frame(FrameType.EVENT, 0, 0, 1, new byte[payloadAtLimit + 1]), KEY);

        assertThat(FrameCodec.decode(atLimit, 300).frame().payload()).hasSize(payloadAtLimit);
        assertThatThrownBy(() -> FrameCodec.decode(overLimit, 300)).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.OVERSIZED);
    }

    @Test
    void givenGarbageBytes_whenRead_thenTheMagicIsRejected() {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();

        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(garbage), MAX))
                .hasMessageContaining("bad magic").extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.MALFORMED);
    }

    @Test
    void givenAnotherProtocolVersion_whenDecoded_thenItIsRefused() {
        byte[] wire = FrameCodec.encode(sample(), KEY);
        wire[2] = 2;

        assertThatThrownBy(() -> FrameCodec.decode(wire, MAX)).hasMessageContaining("unsupported version 2");
    }

    @Test
    void givenAnUnknownFrameTypeWithAValidChecksum_whenDecoded_thenItIsMalformed() {
        byte[] wire = FrameCodec.encode(sample(), KEY);
        wire[3] = 0x7E;
        recomputeCrc(wire);

        assertThatThrownBy(() -> FrameCodec.decode(wire, MAX)).hasMessageContaining("unknown frame type 0x7e");
    }

    @Test
    void givenTrailingBytes_whenDecodedAsOneFrame_thenItIsMalformed() {
        byte[] wire = FrameCodec.encode(sample(), KEY);
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);

        assertThatThrownBy(() -> FrameCodec.decode(longer, MAX)).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.MALFORMED);
    }

    @Test
    void givenAnEmptyStream_whenRead_thenThereIsNoFrame() throws IOException {
        assertThat(FrameCodec.read(new ByteArrayInputStream(new byte[0]), MAX)).isNull();
    }

    static void recomputeCrc(byte[] wire) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(wire, 0, wire.length - FrameCodec.CRC_LENGTH);
        ByteBuffer.wrap(wire).putInt(wire.length - FrameCodec.CRC_LENGTH, (int) crc.getValue());
    }
}
