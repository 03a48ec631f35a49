package com.nexefii.lock.tcp.test;

import static com.nexefii.lock.testing.BundleRebuilder.nextVersion;
import static com.nexefii.lock.testing.BundleRebuilder.rebuild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;

/**
 * The TCP adapter bundle replaced by a new version while commands are in flight and the
 * controller keeps reporting events.
 */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-tcp"),
        @Property(key = "gatewayId", value = "gw-tcp") })
class TcpAdapterHotSwapInFrameworkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @InjectBundleContext
    BundleContext context;

    private ControllerFixture controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void givenCommandsInFlightAndEventsFlowing_whenTheAdapterBundleIsUpdated_thenEveryCommandEndsOnceNoEventIsLostAndTheNewVersionServes()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-swap", Map.of("shutdownGraceMs", 10_000), "--latency",
                "700");
        LockAdapter adapter = controller.adapter();
        Bundle bundle = controller.awaitReady().getBundle();
        Version newVersion = nextVersion(bundle);
        byte[] rebuilt = rebuild(bundle, newVersion);
        List<LockCommand> commands = new ArrayList<>();
        List<CompletableFuture<LockResult>> results = new ArrayList<>();
        CommandType[] types = { CommandType.LOCK, CommandType.UNLOCK, CommandType.QUERY_STATE };
        for (int i = 0; i < 6; i++) {
            LockCommand command = LockCommand.of(types[i % 3], controller.lockId(1 + i % 4), TIMEOUT, "hotswap");
            commands.add(command);
            results.add(adapter.execute(command).toCompletableFuture());
        }
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("commands") == 6);

        // the controller keeps reporting before, during and after the swap
        AtomicBoolean updated = new AtomicBoolean();
        CompletableFuture<Integer> eventsDuringSwap = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            for (int after = 0; after < 10 && sent < 5000; sent++) {
                controller.simulator.command("battery 2 " + sent % 100);
                after += updated.get() ? 1 : 0;
            }
            return sent;
        });
        bundle.update(new ByteArrayInputStream(rebuilt));
        updated.set(true);
        assertThat(eventsDuringSwap.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(10);

        for (int i = 0; i < commands.size(); i++) {
            LockResult result = results.get(i).get(30, TimeUnit.SECONDS);
            assertThat(result.outcome()).as("in flight across the swap, answered within the grace").isEqualTo(Outcome.OK);
            assertThat(controller.events.resultsOf(commands.get(i).commandId())).hasSize(1);
        }
        assertThat(bundle.getVersion()).isEqualTo(newVersion);
        ServiceReference<LockAdapter> swapped = await().atMost(ControllerFixture.WAIT)
                .until(() -> controller.reference(""), r -> r != null && r.getBundle().getVersion().equals(newVersion));
        LockAdapter newAdapter = context.getService(swapped);
        assertThat(newAdapter.locks()).as("known from the data area before the controller answers").hasSize(4);

        controller.awaitReady();
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("unacked") == 0);
        long emitted = controller.simulator.count("events");
        Set<Long> delivered = controller.events.all().stream()
                .filter(e -> e.attributes().containsKey("controllerEventSequence"))
                .map(e -> Long.parseLong(e.attributes().get("controllerEventSequence"))).collect(Collectors.toSet());
        assertThat(delivered).as("every event the controller emitted reached the event publisher")
                .containsAll(LongStream.rangeClosed(1, emitted).boxed().toList());
        assertThat(controller.events.ofType(LockEventType.LOCK_ADDED)).as("the new version knows its locks").hasSize(4);

        LockResult served = newAdapter.execute(LockCommand.of(CommandType.LOCK, controller.lockId(1), TIMEOUT, "hotswap"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(served.outcome()).isEqualTo(Outcome.OK);
        assertThat(context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
        context.ungetService(swapped);
    }

    @Test
    void givenCommandsTheControllerWillNotAnswerInTime_whenTheAdapterBundleIsUpdated_thenTheyEndCancelledSayingTheStateIsUnknown()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-swap-cancel", Map.of("shutdownGraceMs", 0), "--latency",
                "5000");
        LockAdapter adapter = controller.adapter();
        Bundle bundle = controller.awaitReady().getBundle();
        byte[] rebuilt = rebuild(bundle, nextVersion(bundle));
        List<CompletableFuture<LockResult>> results = new ArrayList<>();
        for (int unit = 1; unit <= 3; unit++) {
            results.add(adapter.execute(LockCommand.unlock(controller.lockId(unit), null, TIMEOUT, "hotswap"))
                    .toCompletableFuture());
        }
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("commands") == 3);

        bundle.update(new ByteArrayInputStream(rebuilt));

        for (CompletableFuture<LockResult> future : results) {
            LockResult result = future.get(30, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(result.detail()).contains("state is unknown");
            assertThat(controller.events.resultsOf(result.commandId())).singleElement()
                    .satisfies(e -> assertThat(e.attributes()).containsEntry("outcome", "CANCELLED"));
        }
        LockAdapter newAdapter = controller.adapter();
        assertThat(newAdapter.execute(LockCommand.of(CommandType.QUERY_STATE, controller.lockId(1), TIMEOUT, "hotswap"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
        assertThat(controller.events.all()).extracting(LockEvent::type).doesNotContain(LockEventType.GATEWAY_ALARM);
    }

    @Test
    void givenStoredEventsWhoseAcksNeverReachedTheController_whenTheAdapterBundleRestartsAndTheyAreSentAgain_thenEachIsPublishedOnce()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-resend", Map.of());
        Bundle bundle = controller.awaitReady().getBundle();
        controller.simulator.command("loseacks on");
        for (int i = 0; i < 10; i++) {
            controller.simulator.command("forced 1");
        }
        await().atMost(ControllerFixture.WAIT).until(() -> forcedSequences().size() == 10);
        assertThat(controller.simulator.count("unacked")).isEqualTo(10);

        // as after a kill -9 of the gateway: stored, never acknowledged
        bundle.stop();
        controller.simulator.command("loseacks off");
        bundle.start();

        controller.awaitReady();
        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("unacked") == 0);
        await().atMost(ControllerFixture.WAIT).until(() -> controller.statistic("duplicateEvents") == 10);
        assertThat(forcedSequences()).hasSize(10).doesNotHaveDuplicates();
    }

    private List<String> forcedSequences() {
        return controller.events.ofType(LockEventType.DOOR_FORCED).stream()
                .map(e -> e.attributes().get("controllerEventSequence")).toList();
    }
}
