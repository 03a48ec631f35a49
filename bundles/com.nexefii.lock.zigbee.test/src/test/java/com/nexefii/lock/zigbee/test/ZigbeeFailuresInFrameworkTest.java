package com.nexefii.lock.zigbee.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.testing.RecordingListener;

/** Slow, silent, lossy, unreachable and garbling locks: every command still ends with one clear result. */
@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
class ZigbeeFailuresInFrameworkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private ZigbeeSite site;
    private SimulatedDoorLock lock;
    private String lockId;
    private RecordingListener events;

    @BeforeEach
    void givenAWingWithOneInstalledLock(TestInfo test) throws Exception {
        events = new RecordingListener(context);
        site = ZigbeeSite.withLocks(context, configAdmin, "err" + Math.abs(test.getDisplayName().hashCode() % 100000),
                1, Map.of());
        lock = site.locks().get(0);
        lockId = ZigbeeSite.lockId(lock);
    }

    @AfterEach
    void tearDown() throws Exception {
        events.close();
        site.close();
    }

    @Test
    void givenASilentLock_whenCommanded_thenRetriedThenTimeoutAtTheDeadline() {
        lock.silent(true);

        LockResult result = site.run(LockCommand.of(CommandType.LOCK, lockId, Duration.ofMillis(2500), "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isGreaterThanOrEqualTo(2);
        events.awaitEvent(lockId, LockEventType.COMMAND_RESULT, e -> "TIMEOUT".equals(e.attributes().get("outcome")));
    }

    @Test
    void givenALockThatMissesAFrame_whenCommanded_thenTheRetryGetsTheAnswer() {
        lock.dropNextFrames(1);

        LockResult result = site.run(LockCommand.unlock(lockId, null, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.UNLOCK_DOOR)).isEqualTo(2);
    }

    @Test
    void givenASleepyLock_whenCommanded_thenItAnswersWhenItPolls() {
        lock.pollInterval(Duration.ofMillis(800));

        assertThat(site.run(LockCommand.of(CommandType.QUERY_STATE, lockId, DEADLINE, "console")).outcome())
                .isEqualTo(Outcome.OK);
    }

    @Test
    void givenASleepyLockAndAShortAnswerTimeout_whenCommanded_thenQueuedRetriesReachItBeforeTheDeadline() {
        lock.pollInterval(Duration.ofMillis(1500));

        LockResult result = site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void givenAnUnreachableLock_whenCommanded_thenUnreachable() {
        lock.reachable(false);

        LockResult result = site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
    }

    @Test
    void givenMalformedFramesAndAGarbledAnswer_whenCommanded_thenTheAdapterCarriesOn() {
        lock.sendMalformedFrames();
        lock.garbleNextResponses(1);

        LockResult result = site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "staff"));

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isEqualTo(2);
        lock.raiseAlarm(SimulatedDoorLock.ALARM_FORCED_DOOR_OPEN);
        events.awaitEvent(lockId, LockEventType.DOOR_FORCED);
    }

    @Test
    void givenCommandsThatMustNotRun_thenUnknownLockDuplicateAndExpired() {
        assertThat(site.run(LockCommand.of(CommandType.LOCK, "zigbee-0000000000000000", DEADLINE, "x")).outcome())
                .isEqualTo(Outcome.UNKNOWN_LOCK);
        LockCommand once = LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "x");
        assertThat(site.run(once).outcome()).isEqualTo(Outcome.OK);
        assertThat(site.run(once).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(lock.received(SimulatedDoorLock.LOCK_DOOR)).isEqualTo(1);
    }
}
