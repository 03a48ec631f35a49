package com.nexefii.lock.simulator;

import static com.nexefii.lock.api.LockEventType.ACCESS_DENIED;
import static com.nexefii.lock.api.LockEventType.BATTERY_LEVEL;
import static com.nexefii.lock.api.LockEventType.BATTERY_LOW;
import static com.nexefii.lock.api.LockEventType.COMMAND_RESULT;
import static com.nexefii.lock.api.LockEventType.DOOR_AJAR;
import static com.nexefii.lock.api.LockEventType.DOOR_CLOSED;
import static com.nexefii.lock.api.LockEventType.DOOR_FORCED;
import static com.nexefii.lock.api.LockEventType.DOOR_OPENED;
import static com.nexefii.lock.api.LockEventType.JAMMED;
import static com.nexefii.lock.api.LockEventType.LOCKDOWN_CHANGED;
import static com.nexefii.lock.api.LockEventType.LOCKED;
import static com.nexefii.lock.api.LockEventType.LOCK_OFFLINE;
import static com.nexefii.lock.api.LockEventType.UNLOCKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.RecordingPublisher;

class SimulatedLockFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String LOCK = "sim-001";

    private final RecordingPublisher events = new RecordingPublisher();
    private SimulatedLockFleet fleet;

    @AfterEach
    void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private SimulatedLockFleet fleet(TestOptions.Builder options) {
        fleet = new SimulatedLockFleet(options.build(), events);
        return fleet;
    }

    private static LockResult result(CompletionStage<LockResult> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static LockCommand command(CommandType type) {
        return LockCommand.of(type, LOCK, WAIT, "test");
    }

    @Test
    void givenALockedLock_whenUnlocked_thenOkAfterUnlockedEventAndOneCommandResult() throws Exception {
        fleet(TestOptions.builder());
        LockCommand unlock = LockCommand.unlock(LOCK, Duration.ofSeconds(30), WAIT, "staff-7");

        LockResult result = result(fleet.execute(unlock));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(events.types(LOCK)).containsExactly(UNLOCKED, COMMAND_RESULT);
        LockEvent unlocked = events.events().get(0);
        assertThat(unlocked.attributes()).containsEntry("method", "remote").containsEntry("credentialId", "staff-7");
        assertThat(events.results()).singleElement().satisfies(e -> assertThat(e.attributes())
                .containsEntry("commandId", unlock.commandId()).containsEntry("outcome", "OK"));
    }

    @Test
    void givenAnUnlockedLock_whenTheRelockTimeEnds_thenTheBoltThrowsByItself() throws Exception {
        fleet(TestOptions.builder());

        result(fleet.execute(LockCommand.unlock(LOCK, Duration.ofMillis(100), WAIT, "t")));

        await().atMost(WAIT).until(() -> fleet.state(LOCK).bolt() == BoltState.LOCKED);
        assertThat(events.events()).filteredOn(e -> e.type() == LOCKED).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("method", "auto-relock"));
    }

    @Test
    void givenALockNobodyOwns_whenCommanded_thenUnknownLock() throws Exception {
        fleet(TestOptions.builder());

        LockResult result = result(fleet.execute(LockCommand.of(CommandType.LOCK, "room-999", WAIT, "t")));

        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(events.results()).hasSize(1);
    }

    @Test
    void givenADeadlineShorterThanTheLatency_whenCommanded_thenTimeoutExactlyAtTheDeadline() throws Exception {
        fleet(TestOptions.builder().latency(1000, 1000));
        LockCommand unlock = LockCommand.unlock(LOCK, null, Duration.ofMillis(100), "t");

        LockResult result = result(fleet.execute(unlock));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.completedAt()).isAfterOrEqualTo(unlock.deadline());
        // the late answer still moves the bolt, as hardware would, but no second result is published
        await().atMost(WAIT).until(() -> fleet.state(LOCK).bolt() == BoltState.UNLOCKED);
        assertThat(events.results()).hasSize(1);
    }

    @Test
    void givenCommandsAlwaysLost_whenCommanded_thenTimeout() throws Exception {
        fleet(TestOptions.builder().failures(1, 0, 0));

        LockResult result = result(fleet.execute(LockCommand.of(CommandType.LOCK, LOCK, Duration.ofMillis(50), "t")));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void givenAnAlreadyExpiredCommand_whenCommanded_thenExpiredAndNotExecuted() throws Exception {
        fleet(TestOptions.builder());
        LockCommand late = new LockCommand("c-1", LOCK, CommandType.UNLOCK, Instant.now().minusSeconds(1), null, null,
                "t");

        assertThat(result(fleet.execute(late)).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(fleet.state(LOCK).bolt()).isEqualTo(BoltState.LOCKED);
    }

    @Test
    void givenTheSameCommandTwice_whenCommanded_thenTheSecondIsDuplicate() throws Exception {
        fleet(TestOptions.builder());
        LockCommand lock = command(CommandType.LOCK);

        assertThat(result(fleet.execute(lock)).outcome()).isEqualTo(Outcome.OK);
        assertThat(result(fleet.execute(lock)).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void givenABoltThatAlwaysJams_whenUnlocked_thenJammedUntilMaintenanceClearsIt() throws Exception {
        fleet(TestOptions.builder().failures(0, 0, 1));

        assertThat(result(fleet.execute(command(CommandType.UNLOCK))).outcome()).isEqualTo(Outcome.JAMMED);
        assertThat(result(fleet.execute(command(CommandType.QUERY_STATE))).state().bolt()).isEqualTo(BoltState.JAMMED);
        assertThat(events.types(LOCK)).startsWith(JAMMED, COMMAND_RESULT);

        assertThat(fleet.clearJam(LOCK).bolt()).isEqualTo(BoltState.LOCKED);
    }

    @Test
    void givenAStagedJam_whenLocked_thenJammed() throws Exception {
        fleet(TestOptions.builder());
        fleet.jam(LOCK);

        assertThat(result(fleet.execute(command(CommandType.LOCK))).outcome()).isEqualTo(Outcome.JAMMED);
    }

    @Test
    void givenLockdown_whenUnlockedRemotely_thenRejectedUntilLockdownEnds() throws Exception {
        fleet(TestOptions.builder());

        assertThat(result(fleet.execute(command(CommandType.LOCKDOWN_ON))).state().lockdown()).isTrue();
        LockResult refused = result(fleet.execute(command(CommandType.UNLOCK)));
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.detail()).contains("lockdown");

        result(fleet.execute(command(CommandType.LOCKDOWN_OFF)));
        assertThat(result(fleet.execute(command(CommandType.UNLOCK))).outcome()).isEqualTo(Outcome.OK);
        assertThat(events.types(LOCK)).filteredOn(t -> t == LOCKDOWN_CHANGED).hasSize(2);
    }

    @Test
    void givenAnUnlockedDoor_whenLockdownStarts_thenTheBoltThrows() throws Exception {
        fleet(TestOptions.builder());
        result(fleet.execute(LockCommand.unlock(LOCK, Duration.ofMinutes(5), WAIT, "t")));

        LockResult result = result(fleet.execute(command(CommandType.LOCKDOWN_ON)));

        assertThat(result.state().bolt()).isEqualTo(BoltState.LOCKED);
    }

    @Test
    void givenAStoredPin_whenPresentedRightAndWrong_thenUnlockedOnceAndDeniedOnce() throws Exception {
        fleet(TestOptions.builder());
        result(fleet.execute(LockCommand.setCredential(LOCK, Credential.pin("guest-1", "4711"), WAIT, "cloud")));

        fleet.presentCredential(LOCK, CredentialType.PIN, "guest-1", "0000");
        LockState after = fleet.presentCredential(LOCK, CredentialType.PIN, "guest-1", "4711");

        assertThat(after.bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(events.events()).filteredOn(e -> e.type() == ACCESS_DENIED).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("reason", "wrong-pin"));
        assertThat(events.events()).filteredOn(e -> e.type() == UNLOCKED).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("method", "pin")
                        .containsEntry("credentialId", "guest-1"));
        assertThat(events.events()).allSatisfy(e -> assertThat(e.attributes().values()).doesNotContain("4711"));
    }

    @Test
    void givenAClearedCard_whenPresented_thenDenied() throws Exception {
        fleet(TestOptions.builder());
        result(fleet.execute(LockCommand.setCredential(LOCK, Credential.card("04A2"), WAIT, "cloud")));
        result(fleet.execute(LockCommand.clearCredential(LOCK, Credential.card("04A2"), WAIT, "cloud")));

        assertThat(fleet.presentCredential(LOCK, CredentialType.CARD, "04A2", null).bolt()).isEqualTo(BoltState.LOCKED);
        assertThat(events.types(LOCK)).contains(ACCESS_DENIED);
    }

    @Test
    void givenFullCredentialMemory_whenAnotherIsSet_thenRejected() throws Exception {
        fleet(TestOptions.builder().maxCredentials(1));
        result(fleet.execute(LockCommand.setCredential(LOCK, Credential.card("a"), WAIT, "cloud")));

        LockResult result = result(fleet.execute(LockCommand.setCredential(LOCK, Credential.card("b"), WAIT, "cloud")));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.detail()).contains("memory full");
    }

    @Test
    void givenAGuestWhoAlwaysOpensAndLeavesTheDoor_whenUnlocked_thenDoorOpensAndIsReportedAjar() throws Exception {
        fleet(TestOptions.builder().doors(1, 1));

        result(fleet.execute(LockCommand.unlock(LOCK, Duration.ofMinutes(5), WAIT, "t")));
        await().atMost(WAIT).until(() -> fleet.state(LOCK).door() == DoorState.OPEN);
        fleet.leaveDoorAjar(LOCK);
        LockState closed = fleet.closeDoor(LOCK);

        assertThat(closed.door()).isEqualTo(DoorState.CLOSED);
        assertThat(events.types(LOCK)).containsSubsequence(UNLOCKED, DOOR_OPENED, DOOR_AJAR, DOOR_CLOSED);
    }

    @Test
    void givenADoorHeldOpenPastTheRelockTime_whenItCloses_thenTheBoltThrows() throws Exception {
        fleet(TestOptions.builder());
        result(fleet.execute(LockCommand.unlock(LOCK, Duration.ofMillis(50), WAIT, "t")));
        fleet.openDoor(LOCK);
        // past the relock time the bolt waits for the door
        await().during(Duration.ofMillis(150)).atMost(WAIT).until(() -> fleet.state(LOCK).bolt() == BoltState.UNLOCKED);

        assertThat(fleet.closeDoor(LOCK).bolt()).isEqualTo(BoltState.LOCKED);
    }

    @Test
    void givenALockedDoor_whenForced_thenDoorForced() {
        fleet(TestOptions.builder());

        assertThat(fleet.forceEntry(LOCK).door()).isEqualTo(DoorState.OPEN);
        assertThat(events.types(LOCK)).containsExactly(DOOR_FORCED);
    }

    @Test
    void givenPeriodicTelemetry_whenTicksPass_thenBatteriesDrainAndLockedDoorsAreForcedWithoutAnyCommand() {
        // 7,200 %/h over a 1 s tick: 2 % a tick; 3,600 forced openings/h over 1 s: certain at every tick
        fleet(TestOptions.builder().lockCount(2).telemetry(1, 7_200, 3_600));

        await("battery reports and forced entries from the telemetry tick").atMost(Duration.ofSeconds(10))
                .until(() -> events.types(LOCK).contains(BATTERY_LEVEL) && events.types(LOCK).contains(DOOR_FORCED));
        assertThat(events.of(LOCK, BATTERY_LEVEL).stream().map(e -> e.attributes().get("percent")))
                .first().satisfies(percent -> assertThat(Integer.parseInt(percent)).isLessThan(100));
        assertThat(events.results()).as("no command ran").isEmpty();
    }

    @Test
    void givenABatteryRunningDown_whenSet_thenLevelLowAndFinallyOffline() throws Exception {
        fleet(TestOptions.builder());

        fleet.setBattery(LOCK, 50);
        fleet.setBattery(LOCK, 15);
        fleet.setBattery(LOCK, 0);

        assertThat(events.types(LOCK)).containsExactly(BATTERY_LEVEL, BATTERY_LEVEL, BATTERY_LOW, BATTERY_LEVEL,
                LOCK_OFFLINE);
        assertThat(result(fleet.execute(command(CommandType.QUERY_STATE))).outcome()).isEqualTo(Outcome.UNREACHABLE);
    }

    @Test
    void givenAnOfflineLock_whenBackOnline_thenItAnswersAgain() throws Exception {
        fleet(TestOptions.builder());
        fleet.setOnline(LOCK, false);
        assertThat(result(fleet.execute(command(CommandType.LOCK))).outcome()).isEqualTo(Outcome.UNREACHABLE);

        fleet.setOnline(LOCK, true);

        assertThat(result(fleet.execute(command(CommandType.LOCK))).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenCommandsInFlight_whenTheFleetCloses_thenEachEndsCancelledWithOneResult() throws Exception {
        fleet(TestOptions.builder().latency(2000, 2000));
        List<CompletionStage<LockResult>> stages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stages.add(fleet.execute(LockCommand.of(CommandType.QUERY_STATE, "sim-00" + (1 + i % 3), WAIT, "t")));
        }

        fleet.close();

        for (CompletionStage<LockResult> stage : stages) {
            assertThat(result(stage).outcome()).isEqualTo(Outcome.CANCELLED);
        }
        assertThat(events.results()).hasSize(5);
        assertThat(result(fleet.execute(command(CommandType.LOCK))).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThatThrownBy(() -> fleet.state(LOCK)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenTheSameSeed_whenTheSameCommandsRun_thenTheOutcomesRepeat() throws Exception {
        List<Outcome> first = outcomesWithSeed();
        events.clear();
        List<Outcome> second = outcomesWithSeed();

        assertThat(second).isEqualTo(first).contains(Outcome.OK).containsAnyOf(Outcome.UNREACHABLE, Outcome.JAMMED);
    }

    private List<Outcome> outcomesWithSeed() throws Exception {
        SimulatedLockFleet seeded = new SimulatedLockFleet(
                TestOptions.builder().latency(0, 0).failures(0, 0.3, 0.3).build(), events);
        try {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                outcomes.add(result(seeded.execute(new LockCommand(UUID.randomUUID().toString(), "sim-002",
                        i % 2 == 0 ? CommandType.UNLOCK : CommandType.QUERY_STATE, Instant.now().plus(WAIT),
                        null, null, "t"))).outcome());
                if (seeded.state("sim-002").bolt() == BoltState.JAMMED) {
                    seeded.clearJam("sim-002");
                }
            }
            return outcomes;
        } finally {
            seeded.close();
        }
    }

    @Test
    void givenAnUnknownLock_whenControlled_thenIllegalArgument() {
        fleet(TestOptions.builder());

        assertThatThrownBy(() -> fleet.jam("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
