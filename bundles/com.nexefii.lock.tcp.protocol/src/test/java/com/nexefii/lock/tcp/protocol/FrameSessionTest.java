package com.nexefii.lock.tcp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nexefii.lock.tcp.protocol.ProtocolException.Kind;

/** The handshake and the per-direction counters, played by both ends in memory. */
class FrameSessionTest {

    /** Test fixture only: never a production key. */
    private static final byte[] SHARED_KEY = SessionKeys.parseHexKey("000102030405060708090a0b0c0d0e0f");
    private static final int MAX = 4096;

    private final SecureRandom random = new SecureRandom();
    private FrameSession gateway;
    private FrameSession controller;

    @BeforeEach
    void handshake() throws Exception {
        byte[] gatewayNonce = SessionKeys.newNonce(random);
        byte[] helloWire = FrameSession.sealHello(SHARED_KEY, new Hello(gatewayNonce, "gw-1", 5000, MAX));

        Hello hello = FrameSession.openHello(SHARED_KEY, FrameCodec.decode(helloWire, MAX));
        byte[] controllerNonce = SessionKeys.newNonce(random);
        controller = FrameSession.forController(SessionKeys.derive(SHARED_KEY, hello.nonce(), controllerNonce));
        byte[] ackWire = controller.seal(FrameType.HELLO_ACK, 0, 0, new HelloAck(controllerNonce, "ctrl-1", "sim", 1L,
                List.of(new HelloAck.UnitInfo(1, "m"))).encode());

        FrameCodec.ReceivedFrame ack = FrameCodec.decode(ackWire, MAX);
        HelloAck parsed = HelloAck.decode(ack.frame().payload());
        gateway = FrameSession.forGateway(SessionKeys.derive(SHARED_KEY, gatewayNonce, parsed.nonce()));
        assertThat(gateway.open(ack).counter()).isZero();
    }

    @Test
    void givenAnEstablishedSession_whenFramesFlowBothWays_thenEachSideAcceptsTheOthersFramesInOrder()
            throws Exception {
        for (int i = 1; i <= 3; i++) {
            Frame command = controller.open(decode(gateway.seal(FrameType.COMMAND, 0, i, new byte[] { (byte) i })));
            assertThat(command.counter()).isEqualTo(i);
            Frame response = gateway.open(decode(controller.seal(FrameType.RESPONSE, 0, i, new byte[0])));
            assertThat(response.correlationId()).isEqualTo(i);
        }
    }

    @Test
    void givenAFrameAlreadyAccepted_whenItIsReplayed_thenTheCounterCheckRefusesIt() throws Exception {
        byte[] wire = gateway.seal(FrameType.COMMAND, 0, 1, new byte[0]);
        controller.open(decode(wire));

        assertThatThrownBy(() -> controller.open(decode(wire))).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.REPLAY);
    }

    @Test
    void givenAFrameDroppedInTransit_whenTheNextOneArrives_thenTheGapIsRefused() throws Exception {
        gateway.seal(FrameType.COMMAND, 0, 1, new byte[0]);
        byte[] second = gateway.seal(FrameType.COMMAND, 0, 2, new byte[0]);

        assertThatThrownBy(() -> controller.open(decode(second))).hasMessageContaining("counter 2 where 1");
    }

    @Test
    void givenAFrameFromAnEarlierSession_whenReplayedIntoANewOne_thenTheMacFails() throws Exception {
        byte[] recorded = gateway.seal(FrameType.COMMAND, 0, 1, new byte[0]);
        FrameSessionTest next = new FrameSessionTest();
        next.handshake();

        assertThatThrownBy(() -> next.controller.open(decode(recorded)))
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.AUTHENTICATION);
    }

    @Test
    void givenAGatewayFrameReflectedBackAtTheGateway_whenOpened_thenTheDirectionKeyRefusesIt() throws Exception {
        byte[] reflected = gateway.seal(FrameType.HEARTBEAT, 0, 0, new byte[0]);

        assertThatThrownBy(() -> gateway.open(decode(reflected))).extracting(e -> ((ProtocolException) e).kind())
                .isEqualTo(Kind.AUTHENTICATION);
    }

    @Test
    void givenAHelloMacedWithAnotherKey_whenTheControllerOpensIt_thenAuthenticationFails() {
        byte[] otherKey = SessionKeys.parseHexKey("ffeeddccbbaa99887766554433221100");
        byte[] wire = FrameSession.sealHello(otherKey, new Hello(SessionKeys.newNonce(random), "gw", 1000, MAX));

        assertThatThrownBy(() -> FrameSession.openHello(SHARED_KEY, decode(wire)))
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.AUTHENTICATION);
    }

    @Test
    void givenACommandBeforeTheHello_whenTheControllerExpectsAHello_thenItIsUnexpected() {
        byte[] wire = FrameCodec.encode(new Frame(FrameType.COMMAND, 0, 1, 0, new byte[0]), SHARED_KEY);

        assertThatThrownBy(() -> FrameSession.openHello(SHARED_KEY, decode(wire)))
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(Kind.UNEXPECTED);
    }

    @Test
    void givenHexKeys_whenParsed_thenShortOddOrNonHexKeysAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> SessionKeys.parseHexKey("00112233")).hasMessageContaining("16 to 64 bytes");
        assertThatThrownBy(() -> SessionKeys.parseHexKey("abc")).hasMessageContaining("even number")
                .hasMessageNotContaining("abc");
        assertThatThrownBy(() -> SessionKeys.parseHexKey("zz".repeat(16))).hasMessageNotContaining("zz");
        assertThat(SessionKeys.parseHexKey(" 000102030405060708090A0B0C0D0E0F ")).hasSize(16);
    }

    private static FrameCodec.ReceivedFrame decode(byte[] wire) throws ProtocolException {
        return FrameCodec.decode(wire, MAX);
    }
}
