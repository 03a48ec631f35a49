package com.nexefii.lock.zigbee.test;

import static com.nexefii.lock.testing.BundleRebuilder.rebuild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.testing.RecordingListener;

/**
 * The adapter bundle replaced under load, as Deployment Admin does it (stop, update, start): the
 * ZigBee network and its locks (another bundle, like the radio) stay.
 */
@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
class ZigbeeHotSwapInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void givenCommandsInFlight_whenTheAdapterBundleIsSwapped_thenEachEndsClearlyNoEventIsLostAndTheNewVersionServes()
            throws Exception {
        try (RecordingListener events = new RecordingListener(context);
                ZigbeeSite site = ZigbeeSite.withLocks(context, configAdmin, "swap", 2, Map.of())) {
            SimulatedDoorLock answering = site.locks().get(0);
            SimulatedDoorLock asleep = site.locks().get(1);
            String answeringId = ZigbeeSite.lockId(answering);
            String asleepId = ZigbeeSite.lockId(asleep);
            asleep.silent(true);
            answering.pollInterval(Duration.ofMillis(400));
            LockAdapter adapter = site.adapter();
            Bundle zigbee = site.adapterReference().getBundle();
            Version newVersion = new Version(zigbee.getVersion().getMajor(), zigbee.getVersion().getMinor(),
                    zigbee.getVersion().getMicro(), "hotswap" + System.nanoTime());
            byte[] rebuilt = rebuild(zigbee, newVersion);

            List<LockCommand> commands = List.of(
                    LockCommand.of(CommandType.LOCK, answeringId, Duration.ofSeconds(30), "swap"),
                    LockCommand.of(CommandType.QUERY_STATE, answeringId, Duration.ofSeconds(30), "swap"),
                    LockCommand.unlock(asleepId, Duration.ofSeconds(5), Duration.ofSeconds(60), "swap"),
                    LockCommand.setCredential(asleepId, Credential.pin("guest-5", "5555"), Duration.ofSeconds(60), "swap"),
                    LockCommand.of(CommandType.LOCK, asleepId, Duration.ofSeconds(60), "swap"));
            List<CompletableFuture<LockResult>> results = new ArrayList<>();
            for (LockCommand command : commands) {
                results.add(adapter.execute(command).toCompletableFuture());
            }

            zigbee.stop();

            for (CompletableFuture<LockResult> result : results) {
                LockResult ended = result.get(ZigbeeSite.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(ended.outcome()).isIn(Outcome.OK, Outcome.CANCELLED);
                if (ended.outcome() == Outcome.CANCELLED) {
                    assertThat(ended.detail()).contains("stopping");
                }
            }
            assertThat(results).anySatisfy(r -> assertThat(r.join().outcome()).isEqualTo(Outcome.CANCELLED));
            for (LockCommand command : commands) {
                assertThat(events.results()).as("one result event for %s", command.type())
                        .filteredOn(e -> command.commandId().equals(e.attributes().get("commandId"))).hasSize(1);
            }

            // the locks keep reporting while no adapter listens; the sleeping one is out of reach
            asleep.silent(false).reachable(false);
            answering.pollInterval(Duration.ZERO);
            answering.raiseAlarm(SimulatedDoorLock.ALARM_FORCED_DOOR_OPEN);
            answering.doorState(SimulatedDoorLock.DOOR_AJAR);

            zigbee.update(new ByteArrayInputStream(rebuilt));
            zigbee.start();

            assertThat(zigbee.getVersion()).isEqualTo(newVersion);
            ServiceReference<LockAdapter> swapped = await().atMost(ZigbeeSite.WAIT).until(site::adapterReference,
                    r -> r.getBundle().getVersion().equals(newVersion));
            LockAdapter newAdapter = context.getService(swapped);
            assertThat(newAdapter.locks()).extracting(LockInfo::lockId).containsExactlyInAnyOrder(answeringId, asleepId);
            events.awaitEvent(answeringId, LockEventType.DOOR_FORCED);
            events.awaitEvent(answeringId, LockEventType.DOOR_AJAR);

            asleep.reachable(true);
            assertThat(newAdapter.execute(LockCommand.of(CommandType.LOCK, asleepId, Duration.ofSeconds(10), "swap"))
                    .toCompletableFuture().get(ZigbeeSite.WAIT.toSeconds(), TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.OK);
            assertThat(newAdapter.execute(LockCommand.of(CommandType.QUERY_STATE, answeringId, Duration.ofSeconds(10), "swap"))
                    .toCompletableFuture().get(ZigbeeSite.WAIT.toSeconds(), TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.OK);
            assertThat(context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
            context.ungetService(swapped);
        }
    }
}
