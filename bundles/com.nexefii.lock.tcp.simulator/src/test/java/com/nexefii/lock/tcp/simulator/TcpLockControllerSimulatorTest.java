package com.nexefii.lock.tcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nexefii.lock.tcp.protocol.Bolt;
import com.nexefii.lock.tcp.protocol.CommandRequest;
import com.nexefii.lock.tcp.protocol.CommandResponse;
import com.nexefii.lock.tcp.protocol.ControllerEvent;
import com.nexefii.lock.tcp.protocol.CredentialKind;
import com.nexefii.lock.tcp.protocol.EventAck;
import com.nexefii.lock.tcp.protocol.EventCode;
import com.nexefii.lock.tcp.protocol.Frame;
import com.nexefii.lock.tcp.protocol.FrameType;
import com.nexefii.lock.tcp.protocol.Opcode;
import com.nexefii.lock.tcp.protocol.SecretSealer;
import com.nexefii.lock.tcp.protocol.SessionKeys;
import com.nexefii.lock.tcp.protocol.Status;

/** The simulator against a frame-level gateway: the protocol behaviour the adapter relies on. */
class TcpLockControllerSimulatorTest {

    /** Test fixture only. */
    private static final byte[] KEY = SessionKeys.parseHexKey("00112233445566778899aabbccddeeff");

    private TcpLockControllerSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = new TcpLockControllerSimulator(SimulatorSettings.forTests(KEY, 2)).start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void givenAGateway_whenItSaysHello_thenTheControllerListsItsUnits() throws Exception {
        try (RawGateway gateway = new RawGateway(simulator.port(), KEY)) {
            assertThat(gateway.helloAck.units()).extracting(u -> u.unit()).containsExactly(1, 2);
            assertThat(gateway.helloAck.controllerId()).isEqualTo("sim-" + simulator.port());
        }
    }

    @Test
    void givenAnUnlock_whenItIsRetransmittedWithTheSameCommandId_thenItIsExecutedOnceAndAnsweredTwice()
            throws Exception {
        try (RawGateway gateway = new RawGateway(simulator.port(), KEY)) {
            byte[] unlock = CommandRequest.simple("cmd-u", 1, Opcode.UNLOCK).encode();
            gateway.send(FrameType.COMMAND, 0, 1, unlock);
            Frame first = gateway.next(FrameType.RESPONSE);
            gateway.send(FrameType.COMMAND, Frame.FLAG_RETRANSMISSION, 2, unlock);
            Frame second = gateway.next(FrameType.RESPONSE);

            assertThat(first.correlationId()).isEqualTo(1);
            assertThat(second.correlationId()).isEqualTo(2);
            assertThat(CommandResponse.decode(second.payload()).state().bolt()).isEqualTo(Bolt.UNLOCKED);
            assertThat(simulator.executions("cmd-u")).isEqualTo(1);
        }
    }

    @Test
    void givenASealedPin_whenSetCredentialArrives_thenTheControllerStoresIt() throws Exception {
        try (RawGateway gateway = new RawGateway(simulator.port(), KEY)) {
            byte[] sealed = SecretSealer.seal(gateway.session.keys().secret(), "cmd-pin", "4711".getBytes(),
                    new SecureRandom());
            gateway.send(FrameType.COMMAND, 0, 1, new CommandRequest("cmd-pin", 2, Opcode.SET_CREDENTIAL, 0,
                    CredentialKind.PIN, "guest-7", sealed).encode());

            assertThat(CommandResponse.decode(gateway.next(FrameType.RESPONSE).payload()).status())
                    .isEqualTo(Status.OK);
            assertThat(simulator.credentials(2)).containsExactly("PIN:guest-7");
        }
    }

    @Test
    void givenAnEventNotAcknowledged_whenTheGatewayReconnects_thenTheEventIsSentAgain_untilAcknowledged()
            throws Exception {
        try (RawGateway gateway = new RawGateway(simulator.port(), KEY)) {
            gateway.send(FrameType.HEARTBEAT, 0, 0, new byte[0]);
            await().until(simulator::connected);
            simulator.forced(1);
            ControllerEvent event = ControllerEvent.decode(gateway.next(FrameType.EVENT).payload());
            assertThat(event.code()).isEqualTo(EventCode.DOOR_FORCED);
        }
        try (RawGateway again = new RawGateway(simulator.port(), KEY)) {
            again.send(FrameType.HEARTBEAT, 0, 0, new byte[0]);
            ControllerEvent resent = ControllerEvent.decode(again.next(FrameType.EVENT).payload());
            assertThat(resent.code()).isEqualTo(EventCode.DOOR_FORCED);
            again.send(FrameType.EVENT_ACK, 0, 0, new EventAck(resent.eventSequence()).encode());
            await().until(() -> simulator.unacknowledgedEvents() == 0);
        }
    }

    @Test
    void givenAGatewayWithTheWrongKey_whenItSaysHello_thenTheControllerResetsTheConnection() throws Exception {
        byte[] wrong = Arrays.copyOf(KEY, KEY.length);
        wrong[0] ^= 1;
        try {
            new RawGateway(simulator.port(), wrong).close();
        } catch (java.io.IOException expected) {
            // reset or end of stream: either way no session
        }
        await().until(() -> simulator.protocolErrors() == 1);
        assertThat(simulator.sessionsConfirmed()).isZero();
    }

    @Test
    void givenConsoleCommands_whenExecuted_thenTheyTurnTheKnobsOrExplainTheError() {
        SimulatorConsole console = new SimulatorConsole(simulator);

        assertThat(console.execute("jam 1 on")).startsWith("ok");
        assertThat(simulator.state(1).bolt()).isEqualTo(Bolt.JAMMED);
        assertThat(console.execute("battery 2 15")).startsWith("ok");
        assertThat(simulator.state(2).batteryPercent()).isEqualTo(15);
        assertThat(console.execute("jam 9 on")).startsWith("error: no unit 9");
        assertThat(console.execute("latency")).startsWith("error:");
        assertThat(console.execute("fly")).startsWith("error: unknown command");
        assertThat(console.execute("garbage")).isEqualTo("error: no gateway connected");
        assertThat(console.execute("count unacked")).isEqualTo("ok 3");
        assertThat(console.execute("count connected")).isEqualTo("ok 0");
        assertThat(console.execute("count bananas")).startsWith("error: cannot count");
    }
}
