package com.nexefii.lock.tcp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PayloadsTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void givenEachPayload_whenEncodedAndDecoded_thenItRoundTrips() throws Exception {
        Hello hello = new Hello(SessionKeys.newNonce(random), "gw-ü", 5000, 4096);
        Hello helloBack = Hello.decode(hello.encode());
        assertThat(helloBack.nonce()).isEqualTo(hello.nonce());
        assertThat(helloBack.gatewayId()).isEqualTo("gw-ü");
        assertThat(helloBack.heartbeatIntervalMs()).isEqualTo(5000);

        HelloAck ack = new HelloAck(SessionKeys.newNonce(random), "ctrl", "1.2", 1_764_000_000_000L,
                List.of(new HelloAck.UnitInfo(1, "A"), new HelloAck.UnitInfo(65535, "B")));
        assertThat(HelloAck.decode(ack.encode()).units()).isEqualTo(ack.units());
        assertThat(HelloAck.decode(ack.encode()).eventEpoch()).isEqualTo(1_764_000_000_000L);

        CommandRequest request = new CommandRequest("c-1", 7, Opcode.SET_CREDENTIAL, 0, CredentialKind.PIN, "user-9",
                new byte[] { 1, 2, 3 });
        CommandRequest requestBack = CommandRequest.decode(request.encode());
        assertThat(requestBack.opcode()).isEqualTo(Opcode.SET_CREDENTIAL);
        assertThat(requestBack.credentialId()).isEqualTo("user-9");
        assertThat(requestBack.sealedSecret()).containsExactly(1, 2, 3);

        CommandResponse response = CommandResponse.of(Status.OK, new UnitState(Bolt.LOCKED, Door.CLOSED, true, -1),
                "done");
        assertThat(CommandResponse.decode(response.encode())).isEqualTo(response);
        CommandResponse stateless = CommandResponse.of(Status.JAMMED, null, "");
        assertThat(CommandResponse.decode(stateless.encode())).isEqualTo(stateless);

        ControllerEvent event = ControllerEvent.of(99, 2, EventCode.BATTERY_LOW, 1_700_000_000_000L,
                Map.of("percent", "9"));
        assertThat(ControllerEvent.decode(event.encode())).isEqualTo(event);

        assertThat(EventAck.decode(new EventAck(99).encode())).isEqualTo(new EventAck(99));
        assertThat(ErrorReport.decode(new ErrorReport(3, "too big").encode())).isEqualTo(new ErrorReport(3, "too big"));
    }

    @Test
    void givenAStatusOrEventCodeFromANewerController_whenDecoded_thenItIsUnrecognizedButKeepsTheRawCode()
            throws Exception {
        byte[] response = CommandResponse.of(Status.OK, null, "").encode();
        response[0] = 0x42;
        CommandResponse decoded = CommandResponse.decode(response);
        assertThat(decoded.status()).isEqualTo(Status.UNRECOGNIZED);
        assertThat(decoded.statusCode()).isEqualTo(0x42);

        byte[] event = ControllerEvent.of(1, 1, EventCode.LOCKED, 0, Map.of()).encode();
        event[10] = 0x60;
        ControllerEvent decodedEvent = ControllerEvent.decode(event);
        assertThat(decodedEvent.code()).isEqualTo(EventCode.UNRECOGNIZED);
        assertThat(decodedEvent.rawCode()).isEqualTo(0x60);
    }

    @Test
    void givenShortLongOrNonUtf8Payloads_whenDecoded_thenTheyAreMalformed() {
        byte[] request = CommandRequest.simple("c", 1, Opcode.LOCK).encode();
        assertThatThrownBy(() -> CommandRequest.decode(Arrays.copyOf(request, request.length - 1)))
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> CommandRequest.decode(Arrays.copyOf(request, request.length + 1)))
                .hasMessageContaining("trailing");
        byte[] badUtf8 = new PayloadWriter().blob(new byte[] { (byte) 0xC3, 0x28 }).u16(1).u8(1).u16(0).u8(0)
                .string("").blob(new byte[0]).toByteArray();
        assertThatThrownBy(() -> CommandRequest.decode(badUtf8)).hasMessageContaining("not UTF-8");
        byte[] badOpcode = new PayloadWriter().string("c").u16(1).u8(0x99).u16(0).u8(0).string("").blob(new byte[0])
                .toByteArray();
        assertThatThrownBy(() -> CommandRequest.decode(badOpcode)).hasMessageContaining("unknown opcode 0x99");
    }

    @Test
    void givenASealedPin_whenOpenedWithTheSameCommandId_thenItIsRecovered_andMovedToAnotherCommandItFails()
            throws Exception {
        byte[] key = Arrays.copyOf(SessionKeys.newNonce(random), 16);
        byte[] sealed = SecretSealer.seal(key, "cmd-1", "2468".getBytes(), random);

        assertThat(new String(SecretSealer.open(key, "cmd-1", sealed))).isEqualTo("2468");
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("2468");
        assertThatThrownBy(() -> SecretSealer.open(key, "cmd-2", sealed))
                .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(ProtocolException.Kind.AUTHENTICATION);
    }
}
