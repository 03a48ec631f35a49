package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.tcp.protocol.Door;
import com.nexefii.lock.tcp.protocol.SessionKeys;
import com.nexefii.lock.tcp.simulator.SimulatorSettings;
import com.nexefii.lock.tcp.simulator.TcpLockControllerSimulator;
import com.nexefii.lock.testing.RecordingPublisher;

/**
 * The adapter against the simulated controller over real loopback sockets: every command and
 * event, and the ways links and controllers fail. Short heartbeats and timeouts keep the failures
 * quick; nothing asserts how long anything took.
 */
class TcpLockAdapterTest {

    private static final byte[] KEY = SessionKeys.parseHexKey(TestConfigs.KEY_HEX);
    private static final Duration SHORT = Duration.ofMillis(500);
    private static final Duration LONG = Duration.ofSeconds(10);

    @TempDir
    Path dataArea;

    private final RecordingPublisher publisher = new RecordingPublisher();
    private TcpLockControllerSimulator simulator;
    private TcpLockAdapter adapter;
    private String lock1;
    private String lock2;

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = new TcpLockControllerSimulator(SimulatorSettings.forTests(KEY, 3).withMaxCredentialsPerUnit(2))
                .start();
    }

    @AfterEach
    void stopEverything() {
        if (adapter != null) {
            adapter.stop();
        }
        simulator.close();
    }

    private TcpLockAdapter startAdapter(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("port", simulator.port(), "heartbeatIntervalMs", 500,
                "heartbeatMissesAllowed", 3, "responseTimeoutMs", 2000, "commandTimeoutMs", 10000,
                "reconnectBackoffMinMs", 20, "reconnectBackoffMaxMs", 200, "connectTimeoutMs", 2000,
                "shutdownGraceMs", 200));
        config.putAll(overrides);
        TcpLockAdapter created = new TcpLockAdapter(TestConfigs.options(config), publisher,
                KnownUnits.in(dataArea, "ctrl-a"), ControllerEventLedger.in(dataArea, "ctrl-a"), () -> { });
        created.start();
        lock1 = created.lockId(1);
        lock2 = created.lockId(2);
        return created;
    }

    private void connect(Map<String, Object> overrides) {
        adapter = startAdapter(overrides);
        await().until(() -> adapter.linkState() == LinkState.READY && simulator.connected());
    }

    private LockResult run(LockCommand command) {
        return adapter.execute(command).toCompletableFuture().join();
    }

    private static LockCommand command(CommandType type, String lockId, Duration timeout) {
        return LockCommand.of(type, lockId, timeout, "test");
    }

    // ------------------------------------------------------------------ commands

    @Test
    void givenAConnectedController_whenItsUnitsAreListed_thenEachIsALockAnnouncedAddedAndOnline() {
        connect(Map.of());

        assertThat(adapter.locks()).extracting(LockInfo::lockId).containsExactly("tcp-ctrl-a-1", "tcp-ctrl-a-2",
                "tcp-ctrl-a-3");
        assertThat(adapter.locks()).allSatisfy(lock -> {
            assertThat(lock.protocol()).isEqualTo("tcp");
            assertThat(lock.adapterId()).isEqualTo("ctrl-a");
            assertThat(lock.address()).startsWith("127.0.0.1:" + simulator.port() + "/");
        });
        await().until(() -> publisher.ofType(LockEventType.LOCK_ONLINE).size() >= 3);
        assertThat(publisher.ofType(LockEventType.LOCK_ADDED)).hasSize(3);
    }

    @Test
    void givenAConnectedController_whenEveryCommandTypeIsSent_thenEachSucceedsAndReportsTheLockState() {
        connect(Map.of());

        LockResult unlock = run(LockCommand.unlock(lock1, Duration.ofSeconds(30), LONG, "test"));
        assertThat(unlock.outcome()).isEqualTo(Outcome.OK);
        assertThat(unlock.state().bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(unlock.state().online()).isTrue();

        LockResult lock = run(command(CommandType.LOCK, lock1, LONG));
        assertThat(lock.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.state().bolt()).isEqualTo(BoltState.LOCKED);

        assertThat(run(command(CommandType.LOCKDOWN_ON, lock1, LONG)).state().lockdown()).isTrue();
        assertThat(run(command(CommandType.LOCKDOWN_OFF, lock1, LONG)).state().lockdown()).isFalse();

        LockResult pin = run(LockCommand.setCredential(lock1, Credential.pin("guest-7", "4711"), LONG, "test"));
        assertThat(pin.outcome()).isEqualTo(Outcome.OK);
        assertThat(run(LockCommand.setCredential(lock1, Credential.card("04A1B2C3"), LONG, "test")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(simulator.credentials(1)).containsExactlyInAnyOrder("PIN:guest-7", "CARD:04A1B2C3");
        assertThat(run(LockCommand.clearCredential(lock1, Credential.pin("guest-7", null), LONG, "test")).outcome())
                .isEqualTo(Outcome.OK);
        assertThat(simulator.credentials(1)).containsExactly("CARD:04A1B2C3");

        LockResult query = run(command(CommandType.QUERY_STATE, lock2, LONG));
        assertThat(query.outcome()).isEqualTo(Outcome.OK);
        assertThat(query.state().door()).isEqualTo(DoorState.CLOSED);
        assertThat(query.state().batteryPercent()).isEqualTo(90);

        assertThat(publisher.ofType(LockEventType.COMMAND_RESULT)).hasSize(8)
                .allSatisfy(e -> assertThat(e.attributes()).containsEntry("outcome", "OK"));
        await().until(() -> !publisher.of(lock1, LockEventType.LOCKDOWN_CHANGED).isEmpty());
        assertThat(publisher.of(lock1, LockEventType.UNLOCKED)).isNotEmpty();
    }

    @Test
    void givenAnUnlockWithARelockTime_whenItIsSent_thenTheControllerRelocksByItself() {
        connect(Map.of());

        assertThat(run(LockCommand.unlock(lock2, Duration.ofMillis(100), LONG, "test")).outcome())
                .isEqualTo(Outcome.OK);

        await().until(() -> publisher.of(lock2, LockEventType.LOCKED).stream()
                .anyMatch(e -> "auto-relock".equals(e.attributes().get("method"))));
    }

    @Test
    void givenAJammedBolt_whenLockIsSent_thenTheResultIsJammedAndAJamEventIsPublished() {
        connect(Map.of());
        simulator.jam(1, true);

        LockResult result = run(command(CommandType.LOCK, lock1, LONG));

        assertThat(result.outcome()).isEqualTo(Outcome.JAMMED);
        assertThat(result.detail()).contains("JAMMED (0x01)");
        assertThat(result.state().bolt()).isEqualTo(BoltState.JAMMED);
        await().until(() -> !publisher.of(lock1, LockEventType.JAMMED).isEmpty());
    }

    @Test
    void givenALockInLockdown_whenUnlockIsSent_thenTheControllerRefusesIt() {
        connect(Map.of());
        run(command(CommandType.LOCKDOWN_ON, lock1, LONG));

        LockResult result = run(LockCommand.unlock(lock1, null, LONG, "test"));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.detail()).contains("LOCKDOWN_ACTIVE");
    }

    @Test
    void givenAFullCredentialMemoryOrABadPin_whenCredentialsAreSet_thenTheControllersRefusalIsMapped() {
        connect(Map.of());
        run(LockCommand.setCredential(lock1, Credential.card("A"), LONG, "test"));
        run(LockCommand.setCredential(lock1, Credential.card("B"), LONG, "test"));

        LockResult full = run(LockCommand.setCredential(lock1, Credential.card("C"), LONG, "test"));
        LockResult badPin = run(LockCommand.setCredential(lock2, Credential.pin("u", "12ab"), LONG, "test"));
        LockResult noPin = run(LockCommand.setCredential(lock2, Credential.pin("u", null), LONG, "test"));

        assertThat(full.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(full.detail()).contains("MEMORY_FULL");
        assertThat(badPin.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(badPin.detail()).contains("4-12 digits").doesNotContain("12ab");
        assertThat(noPin.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(simulator.commandsReceived()).isEqualTo(4);
    }

    @Test
    void givenAUnitTheControllerCannotReach_whenACommandIsSent_thenItIsUnreachable() {
        connect(Map.of());
        simulator.unitOnline(3, false);

        LockResult result = run(command(CommandType.LOCK, adapter.lockId(3), LONG));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        await().until(() -> !publisher.of(adapter.lockId(3), LockEventType.LOCK_OFFLINE).isEmpty());
    }

    @Test
    void givenCommandsTheAdapterCannotTake_whenSent_thenEachEndsWithItsOutcomeAndOneResultEvent() {
        connect(Map.of());
        LockCommand first = command(CommandType.QUERY_STATE, lock1, LONG);
        run(first);

        LockResult unknown = run(command(CommandType.LOCK, "tcp-ctrl-a-99", LONG));
        LockResult otherAdapter = run(command(CommandType.LOCK, "zigbee-x-1", LONG));
        LockResult duplicate = run(first);
        LockResult expired = run(new LockCommand("late", lock1, CommandType.LOCK,
                java.time.Instant.now().minusSeconds(1), null, null, "test"));

        assertThat(unknown.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(otherAdapter.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(duplicate.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(expired.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(simulator.commandsReceived()).isEqualTo(1);
        assertThat(publisher.resultsOf("late")).hasSize(1);
    }

    // ------------------------------------------------------------------ timeouts and retries

    @Test
    void givenASlowController_whenTheDeadlineComesFirst_thenTheResultIsTimeout() {
        connect(Map.of());
        simulator.setLatency(Duration.ofSeconds(30));

        LockCommand command = LockCommand.unlock(lock1, null, SHORT, "test");
        LockResult result = run(command);

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.detail()).contains("before the deadline");
        assertThat(publisher.resultsOf(command.commandId())).hasSize(1).first()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "TIMEOUT"));
    }

    @Test
    void givenASilentController_whenAnIdempotentCommandGoesUnanswered_thenItIsSentRetriesPlusOneTimesThenTimesOut() {
        connect(Map.of("responseTimeoutMs", 100, "retries", 2));
        simulator.setSilent(true);

        LockResult result = run(command(CommandType.LOCK, lock1, Duration.ofSeconds(3)));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.detail()).contains("3 attempt(s)");
        assertThat(simulator.commandsReceived()).isEqualTo(3);
        assertThat(adapter.statistics().retransmissions()).isEqualTo(2);
    }

    @Test
    void givenASilentController_whenAnUnlockGoesUnanswered_thenItIsNeverSentTwice() {
        connect(Map.of("responseTimeoutMs", 100, "retries", 2));
        simulator.setSilent(true);

        LockResult result = run(LockCommand.unlock(lock1, null, Duration.ofSeconds(1), "test"));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(simulator.commandsReceived()).isEqualTo(1);
    }

    @Test
    void givenAControllerSlowerThanOneAttempt_whenTheCommandIsRetransmitted_thenItIsExecutedOnceAndSucceeds() {
        connect(Map.of("responseTimeoutMs", 100, "retries", 3));
        simulator.setLatency(Duration.ofMillis(400));

        LockCommand command = command(CommandType.LOCKDOWN_ON, lock1, LONG);
        LockResult result = run(command);

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(simulator.commandsReceived()).isGreaterThan(1);
        assertThat(simulator.executions(command.commandId())).isEqualTo(1);
        assertThat(publisher.resultsOf(command.commandId())).hasSize(1);
    }

    @Test
    void givenABusyController_whenAnUnlockIsAnsweredBusy_thenItIsSentAgainAndExecutedOnce() {
        connect(Map.of());
        simulator.busyNext(1);

        LockCommand command = LockCommand.unlock(lock1, null, LONG, "test");
        LockResult result = run(command);

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(simulator.commandsReceived()).isEqualTo(2);
        assertThat(simulator.executions(command.commandId())).isEqualTo(1);
    }

    @Test
    void givenAControllerBusyLongerThanTheRetries_whenACommandIsSent_thenItIsRejectedAsBusy() {
        connect(Map.of("retries", 1));
        simulator.busyNext(5);

        LockResult result = run(command(CommandType.LOCK, lock1, LONG));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.detail()).contains("BUSY");
        assertThat(simulator.commandsReceived()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ connection failures

    @Test
    void givenAnIdempotentCommandInFlight_whenTheConnectionDrops_thenItIsSentAgainAfterReconnectAndSucceeds() {
        connect(Map.of());
        simulator.setLatency(Duration.ofSeconds(1));

        CompletionStage<LockResult> pending = adapter.execute(command(CommandType.LOCK, lock2, LONG));
        await().until(() -> simulator.commandsReceived() == 1);
        simulator.setLatency(Duration.ZERO);
        simulator.dropConnections();

        assertThat(pending.toCompletableFuture().join().outcome()).isEqualTo(Outcome.OK);
        assertThat(simulator.sessionsConfirmed()).isGreaterThanOrEqualTo(2);
        await().until(() -> publisher.of(lock2, LockEventType.LOCK_OFFLINE).size() >= 1
                && publisher.of(lock2, LockEventType.LOCK_ONLINE).size() >= 2);
    }

    @Test
    void givenAnUnlockInFlight_whenTheConnectionIsReset_thenItIsUnreachableBecauseItsEffectIsUnknown() {
        connect(Map.of());
        simulator.setLatency(Duration.ofSeconds(5));

        CompletionStage<LockResult> pending = adapter.execute(LockCommand.unlock(lock1, null, LONG, "test"));
        await().until(() -> simulator.commandsReceived() == 1);
        simulator.resetConnections();

        LockResult result = pending.toCompletableFuture().join();
        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.detail()).contains("lost after the command was sent").contains("state is unknown");
        assertThat(simulator.commandsReceived()).isEqualTo(1);
    }

    @Test
    void givenAHalfOpenConnection_whenHeartbeatsStopArriving_thenTheLinkIsDeclaredDeadTheLocksOfflineAndItReconnects() {
        connect(Map.of());

        simulator.halfOpen();

        await().until(() -> adapter.statistics().heartbeatTimeouts() >= 1);
        await().until(() -> publisher.of(lock1, LockEventType.LOCK_OFFLINE).size() >= 1);
        assertThat(publisher.of(lock1, LockEventType.LOCK_OFFLINE).get(0).attributes().get("reason"))
                .contains("heartbeat lost");
        await().until(() -> simulator.sessionsConfirmed() >= 2 && adapter.linkState() == LinkState.READY);
        assertThat(run(command(CommandType.QUERY_STATE, lock1, LONG)).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenGarbageOnTheLine_whenTheAdapterReadsIt_thenTheConnectionIsResetCountedAndReestablished() {
        connect(Map.of());

        simulator.sendGarbage();

        await().until(() -> adapter.statistics().protocolErrors() == 1);
        await().until(() -> simulator.sessionsConfirmed() >= 2 && adapter.linkState() == LinkState.READY);
        assertThat(run(command(CommandType.QUERY_STATE, lock1, LONG)).outcome()).isEqualTo(Outcome.OK);
        assertThat(publisher.ofType(LockEventType.GATEWAY_ALARM)).isEmpty();
    }

    @Test
    void givenAnOversizedFrame_whenTheAdapterReadsItsHeader_thenTheConnectionIsResetAndTheFrameCounted() {
        connect(Map.of());

        simulator.sendOversized();

        await().until(() -> adapter.statistics().oversizedFrames() == 1);
        await().until(() -> simulator.sessionsConfirmed() >= 2 && adapter.linkState() == LinkState.READY);
    }

    @Test
    void givenAFrameWithAForgedMac_whenTheAdapterReadsIt_thenItIsAnAuthenticationFailureWithASecurityAlarm() {
        connect(Map.of());

        simulator.sendBadMac();

        await().until(() -> adapter.statistics().authenticationFailures() == 1);
        await().until(() -> publisher.ofType(LockEventType.GATEWAY_ALARM).size() == 1);
        assertThat(publisher.ofType(LockEventType.GATEWAY_ALARM).get(0).attributes())
                .containsEntry("alarm", "tcp-authentication-failure").containsEntry("adapterId", "ctrl-a");
        await().until(() -> simulator.sessionsConfirmed() >= 2);
    }

    @Test
    void givenAReplayedFrame_whenTheAdapterReadsIt_thenTheCounterCheckCatchesIt() {
        connect(Map.of());
        run(command(CommandType.QUERY_STATE, lock1, LONG));

        simulator.replayLastFrame();

        await().until(() -> adapter.statistics().authenticationFailures() == 1);
        assertThat(publisher.ofType(LockEventType.GATEWAY_ALARM).get(0).attributes().get("detail")).contains("REPLAY");
    }

    @Test
    void givenTheWrongKey_whenTheAdapterSaysHello_thenTheControllerRefusesAndNoSessionIsEstablished() {
        adapter = startAdapter(Map.of("key", "ffeeddccbbaa99887766554433221100"));

        await().until(() -> simulator.protocolErrors() >= 1 && adapter.statistics().connectFailures() >= 1);
        assertThat(simulator.sessionsConfirmed()).isZero();
        assertThat(adapter.locks()).isEmpty();
    }

    @Test
    void givenAnImpostorThatAcceptsAnyHello_whenItAnswers_thenTheAdapterRefusesItsHelloAckAndRaisesAnAlarm() {
        simulator.setImpostor(true);
        adapter = startAdapter(Map.of("key", "ffeeddccbbaa99887766554433221100"));

        await().until(() -> !publisher.ofType(LockEventType.GATEWAY_ALARM).isEmpty());
        assertThat(publisher.ofType(LockEventType.GATEWAY_ALARM).get(0).attributes().get("detail"))
                .startsWith("handshake: AUTHENTICATION");
        assertThat(adapter.statistics().authenticationFailures()).isPositive();
        assertThat(adapter.linkState()).isNotEqualTo(LinkState.READY);
        assertThat(adapter.locks()).isEmpty();
    }

    @Test
    void givenManyCommandsWhileTheConnectionKeepsDropping_whenAllAreDone_thenEachHasExactlyOneResultAndOneEvent() {
        connect(Map.of("responseTimeoutMs", 100));
        simulator.setLatency(Duration.ofMillis(20));
        List<LockCommand> commands = new java.util.ArrayList<>();
        List<CompletionStage<LockResult>> results = new java.util.ArrayList<>();
        CommandType[] types = { CommandType.LOCK, CommandType.UNLOCK, CommandType.QUERY_STATE, CommandType.LOCKDOWN_OFF };
        for (int i = 0; i < 60; i++) {
            LockCommand command = command(types[i % types.length], adapter.lockId(1 + i % 3), Duration.ofSeconds(3));
            commands.add(command);
            results.add(adapter.execute(command));
            if (i % 15 == 7) {
                simulator.resetConnections();
            }
        }

        for (int i = 0; i < commands.size(); i++) {
            LockResult result = results.get(i).toCompletableFuture().join();
            assertThat(result.commandId()).isEqualTo(commands.get(i).commandId());
            assertThat(result.outcome()).isIn(Outcome.OK, Outcome.UNREACHABLE, Outcome.TIMEOUT);
            assertThat(publisher.resultsOf(commands.get(i).commandId())).singleElement()
                    .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", result.outcome().name()));
            assertThat(simulator.executions(commands.get(i).commandId())).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void givenAControllerThatIsDown_whenItsLocksAreKnownFromBefore_thenCommandsAreUnreachableUntilItIsBack() {
        connect(Map.of());
        adapter.stop();
        simulator.refuseConnections(true);
        simulator.dropConnections();

        adapter = startAdapter(Map.of());
        assertThat(adapter.locks()).hasSize(3);
        LockResult whileDown = run(command(CommandType.LOCK, lock1, SHORT));
        assertThat(whileDown.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(whileDown.detail()).contains("not connected");

        CompletionStage<LockResult> queued = adapter.execute(command(CommandType.LOCK, lock1, LONG));
        simulator.refuseConnections(false);

        assertThat(queued.toCompletableFuture().join().outcome()).isEqualTo(Outcome.OK);
        assertThat(adapter.statistics().connectFailures()).isPositive();
        assertThat(publisher.ofType(LockEventType.LOCK_ADDED)).as("known units are not added twice").hasSize(3);
    }

    // ------------------------------------------------------------------ events

    @Test
    void givenEveryKindOfControllerEvent_whenItArrives_thenItIsPublishedForItsLockAndAcknowledged() {
        connect(Map.of());

        simulator.door(1, Door.OPEN);
        simulator.door(1, Door.AJAR);
        simulator.door(1, Door.CLOSED);
        simulator.forced(2);
        simulator.tamper(2);
        simulator.battery(3, 15);
        simulator.accessDenied(1, "card-77");
        simulator.keypadUnlock(1, "guest-7");
        simulator.jam(2, true);
        simulator.unitOnline(3, false);
        simulator.unitOnline(3, true);

        await().until(() -> simulator.unacknowledgedEvents() == 0 && !publisher.of(adapter.lockId(3),
                LockEventType.LOCK_ONLINE).isEmpty() && fromController(adapter.lockId(3), LockEventType.LOCK_ONLINE).size() == 1);
        assertThat(publisher.of(lock1, LockEventType.DOOR_OPENED)).hasSize(1);
        assertThat(publisher.of(lock1, LockEventType.DOOR_AJAR)).hasSize(1);
        assertThat(publisher.of(lock1, LockEventType.DOOR_CLOSED)).hasSize(1);
        assertThat(publisher.of(lock2, LockEventType.DOOR_FORCED)).hasSize(1);
        assertThat(publisher.of(lock2, LockEventType.TAMPER)).hasSize(1);
        assertThat(publisher.of(lock2, LockEventType.JAMMED)).hasSize(1);
        assertThat(publisher.of(adapter.lockId(3), LockEventType.BATTERY_LEVEL)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("percent", "15"));
        assertThat(publisher.of(adapter.lockId(3), LockEventType.BATTERY_LOW)).hasSize(1);
        assertThat(fromController(adapter.lockId(3), LockEventType.LOCK_OFFLINE)).hasSize(1);
        assertThat(publisher.of(lock1, LockEventType.ACCESS_DENIED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("credentialId", "card-77"));
        assertThat(publisher.of(lock1, LockEventType.ACCESS_GRANTED)).hasSize(1);
        assertThat(publisher.of(lock1, LockEventType.UNLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("method", "pin")
                        .containsEntry("credentialId", "guest-7").containsKeys("controllerEventSequence", "occurredAt"));
    }

    @Test
    void givenEventsWhileTheGatewayIsDisconnected_whenItReconnects_thenEveryEventArrivesOnceInOrder() {
        connect(Map.of());
        simulator.refuseConnections(true);
        simulator.dropConnections();
        await().until(() -> adapter.linkState() != LinkState.READY);

        simulator.door(1, Door.OPEN);
        simulator.forced(1);
        simulator.door(1, Door.CLOSED);
        simulator.refuseConnections(false);

        await().until(() -> simulator.unacknowledgedEvents() == 0 && publisher.of(lock1, LockEventType.DOOR_CLOSED).size() == 1);
        List<LockEventType> doorEvents = publisher.events().stream().filter(e -> lock1.equals(e.lockId()))
                .map(LockEvent::type).filter(t -> t.name().startsWith("DOOR")).toList();
        assertThat(doorEvents).containsExactly(LockEventType.DOOR_OPENED, LockEventType.DOOR_FORCED,
                LockEventType.DOOR_CLOSED);
    }

    @Test
    void givenTheEventStoreRefusesAnEvent_whenItArrives_thenItIsNotAcknowledgedAndArrivesAgainAfterReconnect() {
        connect(Map.of());
        publisher.refuseNext(1);

        simulator.forced(2);

        await().until(() -> adapter.statistics().eventPublishFailures() == 1);
        await().until(() -> publisher.of(lock2, LockEventType.DOOR_FORCED).size() == 1
                && simulator.unacknowledgedEvents() == 0);
        assertThat(simulator.sessionsConfirmed()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void givenAStoredEventWhoseAckWasLost_whenTheControllerSendsItAgain_thenItIsAcknowledgedButNotPublishedTwice() {
        connect(Map.of());
        simulator.loseAcks(true);
        simulator.forced(1);
        simulator.forced(2);
        await().until(() -> publisher.of(lock2, LockEventType.DOOR_FORCED).size() == 1);
        assertThat(simulator.unacknowledgedEvents()).isEqualTo(2);

        simulator.loseAcks(false);
        simulator.dropConnections();

        await().until(() -> simulator.unacknowledgedEvents() == 0);
        assertThat(publisher.of(lock1, LockEventType.DOOR_FORCED)).hasSize(1);
        assertThat(publisher.of(lock2, LockEventType.DOOR_FORCED)).hasSize(1);
        assertThat(adapter.statistics().duplicateEvents()).isEqualTo(2);
        assertThat(simulator.sessionsConfirmed()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void givenTheGatewayDiesBeforeItsAcksGoOut_whenItComesBackAndTheControllerSendsThemAgain_thenEachEventIsStoredOnce() {
        connect(Map.of());
        simulator.loseAcks(true);
        for (int i = 0; i < 5; i++) {
            simulator.forced(1);
        }
        await().until(() -> publisher.of(lock1, LockEventType.DOOR_FORCED).size() == 5);
        // what a kill -9 leaves: the events are stored, the controller has no ack for them
        adapter.stop();
        simulator.loseAcks(false);
        simulator.forced(1);

        connect(Map.of());

        await().until(() -> simulator.unacknowledgedEvents() == 0
                && publisher.of(lock1, LockEventType.DOOR_FORCED).size() >= 6);
        List<String> sequences = publisher.of(lock1, LockEventType.DOOR_FORCED).stream()
                .map(e -> e.attributes().get("controllerEventSequence")).toList();
        assertThat(sequences).hasSize(6).doesNotHaveDuplicates();
        assertThat(adapter.statistics().duplicateEvents()).isEqualTo(5);
    }

    @Test
    void givenACrashBetweenTheStoresAppendAndTheLedgersWrite_whenTheControllerSendsTheEventAgain_thenBothCopiesCarryOneEventId()
            throws Exception {
        connect(Map.of());
        simulator.forced(1);
        await().until(() -> publisher.of(lock1, LockEventType.DOOR_FORCED).size() == 1
                && simulator.unacknowledgedEvents() == 0);
        Path ledger = dataArea.resolve("tcp-events-ctrl-a.ledger");
        byte[] ledgerBeforeTheCrash = Files.readAllBytes(ledger);
        simulator.loseAcks(true);
        simulator.forced(1);
        await().until(() -> publisher.of(lock1, LockEventType.DOOR_FORCED).size() == 2);
        // what a kill -9 after the store's append and before the ledger's write leaves: the event is
        // stored, the ledger does not know it, the controller has no acknowledgement
        adapter.stop();
        Files.write(ledger, ledgerBeforeTheCrash);
        simulator.loseAcks(false);

        connect(Map.of());

        await().until(() -> simulator.unacknowledgedEvents() == 0
                && publisher.of(lock1, LockEventType.DOOR_FORCED).size() == 3);
        List<LockEvent> forced = publisher.of(lock1, LockEventType.DOOR_FORCED);
        assertThat(forced.get(2).attributes().get("controllerEventSequence"))
                .isEqualTo(forced.get(1).attributes().get("controllerEventSequence"));
        assertThat(forced.get(2).eventId()).as("the re-sent copy").isEqualTo(forced.get(1).eventId());
        // what an ingest idempotent by event id keeps: each controller event once
        assertThat(forced.stream().map(LockEvent::eventId).distinct()).hasSize(2);
        assertThat(forced.get(1).eventId()).isEqualTo(LockEvent.idFor("hotel-test", "gw-test",
                adapter.eventKey(forced.get(1).attributes().get("controllerId"),
                        Long.parseLong(forced.get(1).attributes().get("controllerEventEpoch")),
                        Long.parseLong(forced.get(1).attributes().get("controllerEventSequence")))));
    }

    @Test
    void givenAControllerThatRestartedItsNumbering_whenItsNewEventsReuseOldSequenceNumbers_thenTheyAreAllPublished()
            throws Exception {
        connect(Map.of());
        simulator.forced(1);
        simulator.forced(1);
        await().until(() -> publisher.of(lock1, LockEventType.DOOR_FORCED).size() == 2 && simulator.unacknowledgedEvents() == 0);
        String epochBefore = publisher.of(lock1, LockEventType.DOOR_FORCED).get(0).attributes().get("controllerEventEpoch");
        adapter.stop();
        adapter = null;
        int port = simulator.port();
        simulator.close();
        // a controller that lost its outbox in a power cut: numbering starts again, in a new epoch
        // the same port (the adapter's configuration names it): the closed listener may take a moment to let go
        simulator = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> new TcpLockControllerSimulator(SimulatorSettings.forTests(KEY, 3).withPort(port)).start(),
                started -> started != null);

        connect(Map.of());
        simulator.forced(1);

        await().until(() -> publisher.of(lock1, LockEventType.DOOR_FORCED).size() == 3);
        LockEvent fresh = publisher.of(lock1, LockEventType.DOOR_FORCED).get(2);
        assertThat(fresh.attributes()).containsEntry("controllerEventSequence", "1")
                .containsEntry("controllerEventEpoch", Long.toString(simulator.eventEpoch()));
        assertThat(fresh.attributes().get("controllerEventEpoch")).isNotEqualTo(epochBefore);
        assertThat(adapter.statistics().duplicateEvents()).isZero();
    }

    @Test
    void givenAUnitInstalledAndRemovedAtRuntime_whenTheControllerReportsIt_thenTheLockAppearsAndDisappears() {
        connect(Map.of());

        simulator.addUnit(9, "Nexefii T9");
        await().until(() -> adapter.owns(adapter.lockId(9)));
        assertThat(publisher.of(adapter.lockId(9), LockEventType.LOCK_ADDED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("model", "Nexefii T9"));
        assertThat(run(command(CommandType.QUERY_STATE, adapter.lockId(9), LONG)).outcome()).isEqualTo(Outcome.OK);

        simulator.removeUnit(9);
        await().until(() -> !adapter.owns(adapter.lockId(9)));
        assertThat(publisher.of(adapter.lockId(9), LockEventType.LOCK_REMOVED)).hasSize(1);
    }

    /** @return events the controller reported, not those the adapter derived from the link's state */
    private List<LockEvent> fromController(String lockId, LockEventType type) {
        return publisher.of(lockId, type).stream().filter(e -> e.attributes().containsKey("controllerEventSequence"))
                .toList();
    }

    // ------------------------------------------------------------------ stopping

    @Test
    void givenACommandInFlight_whenTheAdapterStopsAndTheGraceRunsOut_thenItEndsCancelledWithOneResultEvent() {
        connect(Map.of("shutdownGraceMs", 50));
        simulator.setLatency(Duration.ofSeconds(30));
        LockCommand command = LockCommand.unlock(lock1, null, LONG, "test");
        CompletionStage<LockResult> pending = adapter.execute(command);
        await().until(() -> simulator.commandsReceived() == 1);

        adapter.stop();
        adapter = null;

        LockResult result = pending.toCompletableFuture().join();
        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(result.detail()).contains("before the controller answered");
        assertThat(publisher.resultsOf(command.commandId())).hasSize(1);
    }

    @Test
    void givenACommandInFlight_whenTheAdapterStopsAndTheAnswerComesWithinTheGrace_thenItCompletesNormally() {
        connect(Map.of("shutdownGraceMs", 10_000));
        simulator.setLatency(Duration.ofMillis(300));
        CompletionStage<LockResult> pending = adapter.execute(command(CommandType.LOCK, lock1, LONG));
        await().until(() -> simulator.commandsReceived() == 1);

        adapter.stop();
        adapter = null;

        assertThat(pending.toCompletableFuture().join().outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenAStoppedAdapter_whenACommandArrivesLate_thenItIsCancelledNotLost() {
        connect(Map.of());
        adapter.stop();

        LockCommand command = command(CommandType.LOCK, lock1, LONG);
        LockResult result = adapter.execute(command).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        adapter = null;

        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(publisher.resultsOf(command.commandId())).hasSize(1);
    }
}
