package com.nexefii.lock.tcp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.RecordingListener;

/** Every command and every controller event through the LockAdapter service. */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-tcp"),
        @Property(key = "gatewayId", value = "gw-tcp") })
class TcpAdapterCommandsInFrameworkTest {

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
    void givenAFactoryConfiguration_whenTheControllerAnswers_thenALockAdapterServiceOwnsItsUnits() {
        controller = new ControllerFixture(context, "tcp-svc", Map.of(), "--locks", "3");

        ServiceReference<LockAdapter> reference = controller.awaitReady();
        LockAdapter adapter = context.getService(reference);

        assertThat(reference.getProperty(LockAdapter.PROTOCOL)).isEqualTo("tcp");
        assertThat(adapter.protocol()).isEqualTo("tcp");
        assertThat(adapter.adapterId()).isEqualTo("tcp-svc");
        assertThat(adapter.locks()).extracting(LockInfo::lockId).containsExactly("tcp-tcp-svc-1", "tcp-tcp-svc-2",
                "tcp-tcp-svc-3");
        await().atMost(ControllerFixture.WAIT)
                .until(() -> controller.events.ofType(LockEventType.LOCK_ONLINE).stream().map(LockEvent::lockId)
                        .distinct().count() == 3);
        assertThat(controller.events.ofType(LockEventType.LOCK_ADDED)).extracting(LockEvent::lockId)
                .containsExactlyInAnyOrder("tcp-tcp-svc-1", "tcp-tcp-svc-2", "tcp-tcp-svc-3");
        assertThat(controller.events.ofType(LockEventType.LOCK_ONLINE))
                .allSatisfy(e -> assertThat(e.propertyId()).isEqualTo("hotel-tcp"));
        context.ungetService(reference);
    }

    @Test
    void givenTheAdapterService_whenEveryCommandTypeIsExecuted_thenEachSucceedsWithOneResultEvent() throws Exception {
        controller = new ControllerFixture(context, "tcp-cmds", Map.of());
        LockAdapter adapter = controller.adapter();
        String lock = controller.lockId(1);
        List<LockCommand> commands = List.of(
                LockCommand.unlock(lock, Duration.ofSeconds(30), TIMEOUT, "it"),
                LockCommand.of(CommandType.LOCK, lock, TIMEOUT, "it"),
                LockCommand.of(CommandType.LOCKDOWN_ON, lock, TIMEOUT, "it"),
                LockCommand.of(CommandType.LOCKDOWN_OFF, lock, TIMEOUT, "it"),
                LockCommand.setCredential(lock, Credential.pin("guest-1", "2468"), TIMEOUT, "it"),
                LockCommand.setCredential(lock, Credential.card("04AABBCC"), TIMEOUT, "it"),
                LockCommand.setCredential(lock, Credential.mobileKey("jti-1"), TIMEOUT, "it"),
                LockCommand.clearCredential(lock, Credential.card("04AABBCC"), TIMEOUT, "it"),
                LockCommand.of(CommandType.QUERY_STATE, lock, TIMEOUT, "it"));

        for (LockCommand command : commands) {
            LockResult result = run(adapter, command);
            assertThat(result.outcome()).as(command.type().name()).isEqualTo(Outcome.OK);
            assertThat(result.state()).as(command.type().name()).isNotNull();
            assertThat(controller.events.resultsOf(command.commandId())).as(command.type().name()).singleElement()
                    .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "OK")
                            .containsEntry("commandType", command.type().name()));
        }
        assertThat(run(adapter, commands.get(0)).outcome()).as("same command id again").isEqualTo(Outcome.DUPLICATE);
        LockResult state = run(adapter, LockCommand.of(CommandType.QUERY_STATE, lock, TIMEOUT, "it"));
        assertThat(state.state().bolt()).isEqualTo(BoltState.LOCKED);
        assertThat(state.state().lockdown()).isFalse();
        assertThat(controller.events.of(lock, LockEventType.LOCKDOWN_CHANGED)).hasSize(2);
    }

    @Test
    void givenCommandsTheControllerRefuses_whenExecuted_thenTheOutcomeCarriesTheControllersReason() throws Exception {
        controller = new ControllerFixture(context, "tcp-refuse", Map.of(), "--max-credentials", "1");
        LockAdapter adapter = controller.adapter();
        controller.simulator.command("jam 2 on");

        LockResult jammed = run(adapter, LockCommand.of(CommandType.LOCK, controller.lockId(2), TIMEOUT, "it"));
        run(adapter, LockCommand.of(CommandType.LOCKDOWN_ON, controller.lockId(1), TIMEOUT, "it"));
        LockResult lockdown = run(adapter, LockCommand.unlock(controller.lockId(1), null, TIMEOUT, "it"));
        run(adapter, LockCommand.setCredential(controller.lockId(3), Credential.card("A"), TIMEOUT, "it"));
        LockResult full = run(adapter, LockCommand.setCredential(controller.lockId(3), Credential.card("B"), TIMEOUT, "it"));
        LockResult badPin = run(adapter, LockCommand.setCredential(controller.lockId(3), Credential.pin("u", "x1"), TIMEOUT, "it"));
        LockResult unknown = run(adapter, LockCommand.of(CommandType.LOCK, controller.lockId(42), TIMEOUT, "it"));
        controller.simulator.command("offline 4");
        LockResult offline = run(adapter, LockCommand.of(CommandType.LOCK, controller.lockId(4), TIMEOUT, "it"));

        assertThat(jammed.outcome()).isEqualTo(Outcome.JAMMED);
        assertThat(lockdown.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(lockdown.detail()).contains("LOCKDOWN_ACTIVE");
        assertThat(full.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(full.detail()).contains("MEMORY_FULL");
        assertThat(badPin.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(unknown.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
        assertThat(offline.outcome()).isEqualTo(Outcome.UNREACHABLE);
        for (LockResult result : List.of(jammed, lockdown, full, badPin, unknown, offline)) {
            assertThat(controller.events.resultsOf(result.commandId())).singleElement()
                    .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", result.outcome().name()));
        }
    }

    @Test
    void givenAControllerReportingEveryKindOfEvent_whenTheEventsArrive_thenEachIsPublishedAsItsLockEvent() {
        controller = new ControllerFixture(context, "tcp-events", Map.of());
        controller.awaitReady();

        for (String line : List.of("door 1 open", "door 1 ajar", "door 1 closed", "forced 2", "tamper 2",
                "battery 3 12", "denied 1 card-9", "keypad 1 guest-4", "jam 4 on", "offline 3", "online 3",
                "add 7 SimLock-T7", "remove 7")) {
            controller.simulator.command(line);
        }

        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("unacked") == 0
                && !controller.events.of(controller.lockId(7), LockEventType.LOCK_REMOVED).isEmpty());
        RecordingListener events = controller.events;
        assertThat(events.of(controller.lockId(1), LockEventType.DOOR_OPENED)).hasSize(1);
        assertThat(events.of(controller.lockId(1), LockEventType.DOOR_AJAR)).hasSize(1);
        assertThat(events.of(controller.lockId(1), LockEventType.DOOR_CLOSED)).hasSize(1);
        assertThat(events.of(controller.lockId(2), LockEventType.DOOR_FORCED)).hasSize(1);
        assertThat(events.of(controller.lockId(2), LockEventType.TAMPER)).hasSize(1);
        assertThat(events.of(controller.lockId(3), LockEventType.BATTERY_LEVEL)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("percent", "12"));
        assertThat(events.of(controller.lockId(3), LockEventType.BATTERY_LOW)).hasSize(1);
        assertThat(events.of(controller.lockId(1), LockEventType.ACCESS_DENIED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("credentialId", "card-9"));
        assertThat(events.of(controller.lockId(1), LockEventType.ACCESS_GRANTED)).hasSize(1);
        assertThat(events.of(controller.lockId(1), LockEventType.UNLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("method", "pin"));
        assertThat(events.of(controller.lockId(4), LockEventType.JAMMED)).hasSize(1);
        assertThat(fromController(events.of(controller.lockId(3), LockEventType.LOCK_OFFLINE))).hasSize(1);
        assertThat(fromController(events.of(controller.lockId(3), LockEventType.LOCK_ONLINE))).hasSize(1);
        assertThat(events.of(controller.lockId(7), LockEventType.LOCK_ADDED)).hasSize(1);
        assertThat(events.ofType(LockEventType.DOOR_FORCED)).allSatisfy(e -> {
            assertThat(e.priority()).isEqualTo(com.nexefii.lock.api.Priority.SECURITY);
            assertThat(e.attributes()).containsKeys("controllerEventSequence", "occurredAt", "controllerId");
        });
    }

    /** @return the events the controller reported, not those the adapter derived from the link's state */
    private static List<LockEvent> fromController(List<LockEvent> events) {
        return events.stream().filter(e -> e.attributes().containsKey("controllerEventSequence")).toList();
    }
}
