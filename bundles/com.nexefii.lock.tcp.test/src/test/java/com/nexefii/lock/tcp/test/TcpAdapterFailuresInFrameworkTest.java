package com.nexefii.lock.tcp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;

/** Timeouts, retries, malformed frames and broken links through the LockAdapter service. */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-tcp"),
        @Property(key = "gatewayId", value = "gw-tcp") })
class TcpAdapterFailuresInFrameworkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    private ControllerFixture controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private static LockResult run(LockAdapter adapter, LockCommand command) throws Exception {
        return adapter.execute(command).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void givenASlowController_whenTheCommandDeadlineComesFirst_thenTheResultIsTimeout() throws Exception {
        controller = new ControllerFixture(context, "tcp-slow", Map.of(), "--latency", "30000");
        LockAdapter adapter = controller.adapter();

        LockCommand command = LockCommand.unlock(controller.lockId(1), null, Duration.ofMillis(500), "it");
        LockResult result = run(adapter, command);

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(controller.events.resultsOf(command.commandId())).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "TIMEOUT"));
    }

    @Test
    void givenASilentController_whenAnIdempotentCommandIsUnanswered_thenItIsRetriedThenTimesOut_butAnUnlockIsNot()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-silent", Map.of("responseTimeoutMs", 100, "retries", 2),
                "--silent");
        LockAdapter adapter = controller.adapter();

        LockResult lock = run(adapter, LockCommand.of(CommandType.LOCK, controller.lockId(1), Duration.ofSeconds(3), "it"));
        assertThat(lock.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(controller.simulator.count("commands")).isEqualTo(3);
        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("retransmissions") == 2);

        LockResult unlock = run(adapter, LockCommand.unlock(controller.lockId(1), null, Duration.ofSeconds(1), "it"));
        assertThat(unlock.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(controller.simulator.count("commands")).isEqualTo(4);
    }

    @Test
    void givenAControllerSlowerThanOneAttempt_whenTheCommandIsRetransmitted_thenTheControllerExecutesItOnce()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-retry", Map.of("responseTimeoutMs", 100, "retries", 4),
                "--latency", "500");
        LockAdapter adapter = controller.adapter();

        LockCommand command = LockCommand.of(CommandType.LOCKDOWN_ON, controller.lockId(2), TIMEOUT, "it");
        assertThat(run(adapter, command).outcome()).isEqualTo(Outcome.OK);

        assertThat(controller.simulator.count("commands")).isGreaterThan(1);
        assertThat(controller.simulator.count("executions " + command.commandId())).isEqualTo(1);
        assertThat(controller.events.resultsOf(command.commandId())).hasSize(1);
    }

    @Test
    void givenABusyController_whenAnUnlockIsAnsweredBusy_thenItIsRetriedAndExecutedOnce() throws Exception {
        controller = new ControllerFixture(context, "tcp-busy", Map.of());
        LockAdapter adapter = controller.adapter();
        controller.simulator.command("busy 1");

        LockCommand command = LockCommand.unlock(controller.lockId(1), null, TIMEOUT, "it");
        assertThat(run(adapter, command).outcome()).isEqualTo(Outcome.OK);
        assertThat(controller.simulator.count("executions " + command.commandId())).isEqualTo(1);
        assertThat(controller.simulator.count("commands")).isEqualTo(2);
    }

    @Test
    void givenGarbageOversizedForgedAndReplayedFrames_whenTheAdapterReadsThem_thenEachResetsTheLinkIsCountedAndItRecovers()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-malformed", Map.of());
        LockAdapter adapter = controller.adapter();

        controller.simulator.command("garbage");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("protocolErrors") == 1);
        awaitReconnected(2);

        controller.simulator.command("oversize");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("oversizedFrames") == 1);
        awaitReconnected(3);

        controller.simulator.command("badmac");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("authenticationFailures") == 1);
        awaitReconnected(4);

        run(adapter, LockCommand.of(CommandType.QUERY_STATE, controller.lockId(1), TIMEOUT, "it"));
        controller.simulator.command("replay");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("authenticationFailures") == 2);
        awaitReconnected(5);

        assertThat(controller.statistic("protocolErrors")).isEqualTo(4);
        assertThat(controller.events.ofType(LockEventType.GATEWAY_ALARM)).hasSize(2)
                .allSatisfy(e -> assertThat(e.attributes()).containsEntry("alarm", "tcp-authentication-failure")
                        .containsEntry("adapterId", "tcp-malformed"));
        assertThat(run(adapter, LockCommand.of(CommandType.LOCK, controller.lockId(1), TIMEOUT, "it")).outcome())
                .isEqualTo(Outcome.OK);
    }

    @Test
    void givenAHalfOpenConnection_whenNoHeartbeatArrives_thenTheLocksGoOfflineAndTheAdapterReconnects()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-halfopen", Map.of());
        LockAdapter adapter = controller.adapter();

        controller.simulator.command("halfopen");

        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("heartbeatTimeouts") >= 1);
        await().atMost(ControllerFixture.WAIT)
                .until(() -> controller.events.of(controller.lockId(1), LockEventType.LOCK_OFFLINE).size() >= 1);
        awaitReconnected(2);
        await().atMost(ControllerFixture.WAIT)
                .until(() -> controller.events.of(controller.lockId(1), LockEventType.LOCK_ONLINE).size() >= 2);
        assertThat(run(adapter, LockCommand.of(CommandType.QUERY_STATE, controller.lockId(1), TIMEOUT, "it"))
                .outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenCommandsInFlight_whenTheControllerDropsTheConnection_thenIdempotentOnesAreRetriedAndAnUnlockIsUnreachable()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-drop", Map.of(), "--latency", "1500");
        LockAdapter adapter = controller.adapter();

        CompletableFuture<LockResult> lock = adapter
                .execute(LockCommand.of(CommandType.LOCK, controller.lockId(1), TIMEOUT, "it")).toCompletableFuture();
        CompletableFuture<LockResult> unlock = adapter
                .execute(LockCommand.unlock(controller.lockId(2), null, TIMEOUT, "it")).toCompletableFuture();
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("commands") == 2);
        controller.simulator.command("reset");

        assertThat(lock.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
        LockResult unlocked = unlock.get(30, TimeUnit.SECONDS);
        assertThat(unlocked.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(unlocked.detail()).contains("state is unknown");
    }

    @Test
    void givenAControllerThatIsDown_whenItComesBack_thenQueuedCommandsRunAndStoredEventsArriveInOrder()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-down", Map.of());
        LockAdapter adapter = controller.adapter();
        controller.simulator.command("refuse on");
        controller.simulator.command("drop");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.reference("(nexefii.lock.tcp.state=READY)") == null);

        LockResult whileDown = run(adapter, LockCommand.of(CommandType.LOCK, controller.lockId(1), Duration.ofMillis(300), "it"));
        controller.simulator.command("door 1 open");
        controller.simulator.command("forced 1");
        controller.simulator.command("door 1 closed");
        CompletableFuture<LockResult> queued = adapter
                .execute(LockCommand.of(CommandType.LOCK, controller.lockId(1), TIMEOUT, "it")).toCompletableFuture();
        controller.simulator.command("refuse off");

        assertThat(whileDown.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(queued.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("unacked") == 0
                && controller.events.of(controller.lockId(1), LockEventType.DOOR_CLOSED).size() == 1);
        assertThat(controller.events.all().stream().filter(e -> controller.lockId(1).equals(e.lockId()))
                .map(e -> e.type()).filter(t -> t.name().startsWith("DOOR")))
                .containsExactly(LockEventType.DOOR_OPENED, LockEventType.DOOR_FORCED, LockEventType.DOOR_CLOSED);
    }

    private void awaitReconnected(long sessions) {
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("sessions") >= sessions
                && controller.simulator.count("connected") == 1 && controller.reference("(nexefii.lock.tcp.state=READY)") != null);
    }
}
