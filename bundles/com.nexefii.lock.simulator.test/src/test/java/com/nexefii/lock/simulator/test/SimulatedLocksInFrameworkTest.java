package com.nexefii.lock.simulator.test;

import static com.nexefii.lock.api.LockEventType.COMMAND_RESULT;
import static com.nexefii.lock.api.LockEventType.DOOR_AJAR;
import static com.nexefii.lock.api.LockEventType.DOOR_CLOSED;
import static com.nexefii.lock.api.LockEventType.DOOR_FORCED;
import static com.nexefii.lock.api.LockEventType.JAMMED;
import static com.nexefii.lock.api.LockEventType.LOCKED;
import static com.nexefii.lock.api.LockEventType.UNLOCKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.simulator.control.SimulatedLockControl;
import com.nexefii.lock.testing.RecordingListener;

@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
@WithFactoryConfiguration(factoryPid = Pids.SIMULATOR, name = "locks", location = "?", properties = {
        @Property(key = "adapterId", value = "it-sim"),
        @Property(key = "lockCount", value = "4"),
        @Property(key = "lockIdPrefix", value = "room-"),
        @Property(key = "latencyMinMillis", value = "20"),
        @Property(key = "latencyMaxMillis", value = "40"),
        @Property(key = "doorOpenAfterUnlockProbability", value = "0"),
        @Property(key = "randomSeed", value = "7") })
class SimulatedLocksInFrameworkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final String FILTER = "(nexefii.lock.adapter.id=it-sim)";

    @InjectBundleContext
    BundleContext context;

    private static LockResult resultOf(LockAdapter adapter, LockCommand command) throws Exception {
        return adapter.execute(command).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void givenASimulatorConfiguration_whenActive_thenItsLocksAppearAsALockAdapterService(
            @InjectService(filter = FILTER, timeout = 10_000) ServiceAware<LockAdapter> adapters) {
        LockAdapter adapter = adapters.getService();
        assertThat(adapters.getServiceReference().getProperty(LockAdapter.PROTOCOL)).isEqualTo("simulator");
        assertThat(adapter.protocol()).isEqualTo("simulator");
        assertThat(adapter.adapterId()).isEqualTo("it-sim");
        assertThat(adapter.locks()).extracting(LockInfo::lockId)
                .containsExactly("room-001", "room-002", "room-003", "room-004");
        assertThat(adapter.owns("room-003")).isTrue();
    }

    @Test
    void givenAListener_whenUnlockedThenLocked_thenBothCompleteAndEventsArriveInSequenceOrder(
            @InjectService(filter = FILTER, timeout = 10_000) LockAdapter adapter) throws Exception {
        List<Event> posted = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> handlerProperties = new Hashtable<>();
        handlerProperties.put(EventConstants.EVENT_TOPIC, LockEvent.TOPIC_PREFIX + "*");
        handlerProperties.put(EventConstants.EVENT_FILTER, "(lockId=room-001)");
        var handler = context.registerService(EventHandler.class, posted::add, handlerProperties);
        try (RecordingListener listener = new RecordingListener(context)) {
            LockCommand unlock = LockCommand.unlock("room-001", Duration.ofMinutes(5), DEADLINE, "staff-1");
            LockCommand lock = LockCommand.of(CommandType.LOCK, "room-001", DEADLINE, "staff-1");

            LockResult unlocked = resultOf(adapter, unlock);
            LockResult locked = resultOf(adapter, lock);

            assertThat(unlocked.outcome()).isEqualTo(Outcome.OK);
            assertThat(locked.outcome()).isEqualTo(Outcome.OK);
            assertThat(locked.state().bolt()).isEqualTo(BoltState.LOCKED);
            List<LockEvent> events = listener.of("room-001");
            assertThat(events).extracting(LockEvent::type).containsExactly(UNLOCKED, COMMAND_RESULT, LOCKED,
                    COMMAND_RESULT);
            assertThat(events).extracting(LockEvent::sequence).isSorted().doesNotHaveDuplicates();
            assertThat(events).allSatisfy(e -> {
                assertThat(e.propertyId()).isEqualTo("hotel-it");
                assertThat(e.gatewayId()).isEqualTo("gw-it");
            });
            assertThat(events.get(1).attributes()).containsEntry("commandId", unlock.commandId());
            assertThat(events.get(3).attributes()).containsEntry("commandId", lock.commandId());
            // EventAdmin delivers asynchronously, after the listeners
            await().atMost(RecordingListener.WAIT).until(() -> posted.size() >= 4);
            assertThat(posted).extracting(Event::getTopic).startsWith(LockEvent.TOPIC_PREFIX + "UNLOCKED",
                    LockEvent.TOPIC_PREFIX + "COMMAND_RESULT");
        } finally {
            handler.unregister();
        }
    }

    @Test
    @WithFactoryConfiguration(factoryPid = Pids.SIMULATOR, name = "slow", location = "?", properties = {
            @Property(key = "adapterId", value = "it-slow"),
            @Property(key = "lockCount", value = "1"),
            @Property(key = "lockIdPrefix", value = "slow-"),
            @Property(key = "latencyMinMillis", value = "8000"),
            @Property(key = "latencyMaxMillis", value = "9000"),
            @Property(key = "randomSeed", value = "7") })
    void givenADeadlineShorterThanTheLockLatency_whenCommanded_thenTimeout(
            @InjectService(filter = "(nexefii.lock.adapter.id=it-slow)", timeout = 10_000) LockAdapter adapter)
            throws Exception {
        // a deadline well ahead of "now" but well short of the latency: reaches the lock on a loaded
        // machine (no EXPIRED) and still cannot be answered in time
        LockCommand hurried = LockCommand.of(CommandType.QUERY_STATE, "slow-001", Duration.ofSeconds(2), "t");

        LockResult result = resultOf(adapter, hurried);

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.completedAt()).isAfterOrEqualTo(hurried.deadline());
    }

    @Test
    void givenAJammedBolt_whenLocked_thenJammedAndAJammedEvent(
            @InjectService(filter = FILTER, timeout = 10_000) LockAdapter adapter,
            @InjectService(filter = FILTER, timeout = 10_000) SimulatedLockControl control) throws Exception {
        try (RecordingListener listener = new RecordingListener(context)) {
            control.jam("room-003");

            LockResult result = resultOf(adapter, LockCommand.of(CommandType.LOCK, "room-003", DEADLINE, "t"));

            assertThat(result.outcome()).isEqualTo(Outcome.JAMMED);
            assertThat(listener.of("room-003")).extracting(LockEvent::type).containsExactly(JAMMED, COMMAND_RESULT);
        } finally {
            control.clearJam("room-003");
        }
    }

    @Test
    void givenALockNoAdapterOwns_whenCommanded_thenUnknownLock(
            @InjectService(filter = FILTER, timeout = 10_000) LockAdapter adapter) throws Exception {
        try (RecordingListener listener = new RecordingListener(context)) {
            LockResult result = resultOf(adapter, LockCommand.of(CommandType.UNLOCK, "room-999", DEADLINE, "t"));

            assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_LOCK);
            assertThat(listener.of("room-999")).extracting(LockEvent::type).containsExactly(COMMAND_RESULT);
        }
    }

    @Test
    void givenADoorLeftOpen_whenStaged_thenDoorAjarIsPublished(
            @InjectService(filter = FILTER, timeout = 10_000) SimulatedLockControl control) {
        try (RecordingListener listener = new RecordingListener(context)) {
            control.leaveDoorAjar("room-004");
            control.closeDoor("room-004");

            assertThat(listener.of("room-004")).extracting(LockEvent::type).containsExactly(
                    DOOR_FORCED, DOOR_AJAR, DOOR_CLOSED);
        }
    }

    @Test
    void givenTheGogoCommands_whenATechnicianTakesALockOffline_thenCommandsToItAreUnreachable(
            @InjectService(filter = FILTER, timeout = 10_000) LockAdapter adapter) throws Exception {
        // Gogo calls these by reflection, found through the osgi.command.* service properties.
        ServiceReference<?> commands = context.getServiceReferences((String) null, "(osgi.command.scope=simlock)")[0];
        assertThat((String[]) commands.getProperty("osgi.command.function")).contains("offline", "online", "jam");
        Object shell = context.getService(commands);
        try {
            shell.getClass().getMethod("offline", String.class).invoke(shell, "room-002");

            LockResult result = resultOf(adapter, LockCommand.of(CommandType.LOCK, "room-002", DEADLINE, "t"));

            assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        } finally {
            shell.getClass().getMethod("online", String.class).invoke(shell, "room-002");
            context.ungetService(commands);
        }
    }
}
