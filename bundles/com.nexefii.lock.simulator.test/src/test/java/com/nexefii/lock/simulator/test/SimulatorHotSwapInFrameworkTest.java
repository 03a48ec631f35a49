package com.nexefii.lock.simulator.test;

import static com.nexefii.lock.testing.BundleRebuilder.rebuild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.RecordingListener;

@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
@WithFactoryConfiguration(factoryPid = Pids.SIMULATOR, name = "hotswap", location = "?", properties = {
        @Property(key = "adapterId", value = "swap-sim"),
        @Property(key = "lockCount", value = "3"),
        @Property(key = "latencyMinMillis", value = "300"),
        @Property(key = "latencyMaxMillis", value = "600"),
        @Property(key = "doorOpenAfterUnlockProbability", value = "0") })
class SimulatorHotSwapInFrameworkTest {

    private static final String FILTER = "(nexefii.lock.adapter.id=swap-sim)";

    @InjectBundleContext
    BundleContext context;

    @Test
    void givenCommandsInFlight_whenTheSimulatorBundleIsUpdated_thenEachGetsOneResultAndTheNewVersionServes(
            @InjectService(filter = FILTER, timeout = 10_000) ServiceAware<LockAdapter> adapters) throws Exception {
        LockAdapter adapter = adapters.getService();
        Bundle simulator = adapters.getServiceReference().getBundle();
        Version oldVersion = simulator.getVersion();
        Version newVersion = new Version(oldVersion.getMajor(), oldVersion.getMinor(), oldVersion.getMicro(),
                "hotswap" + System.nanoTime());
        byte[] rebuilt = rebuild(simulator, newVersion);
        try (RecordingListener listener = new RecordingListener(context)) {
            List<LockCommand> commands = new ArrayList<>();
            List<CompletableFuture<LockResult>> results = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                LockCommand command = LockCommand.of(i % 2 == 0 ? CommandType.UNLOCK : CommandType.QUERY_STATE,
                        "swap-sim-00" + (1 + i % 3), Duration.ofSeconds(20), "hotswap-test");
                commands.add(command);
                results.add(adapter.execute(command).toCompletableFuture());
            }

            simulator.update(new ByteArrayInputStream(rebuilt));

            for (CompletableFuture<LockResult> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS).outcome()).isIn(Outcome.CANCELLED, Outcome.OK);
            }
            assertThat(results).anySatisfy(r -> assertThat(r.join().outcome()).isEqualTo(Outcome.CANCELLED));
            Set<String> sent = commands.stream().map(LockCommand::commandId).collect(Collectors.toSet());
            List<String> reported = listener.results().stream().map(e -> e.attributes().get("commandId"))
                    .filter(sent::contains).toList();
            assertThat(reported).hasSize(sent.size()).containsExactlyInAnyOrderElementsOf(sent);

            assertThat(context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(simulator.getVersion()).isEqualTo(newVersion);
            ServiceReference<LockAdapter> swapped = await().atMost(RecordingListener.WAIT).until(
                    () -> context.getServiceReferences(LockAdapter.class, FILTER).stream().findFirst().orElse(null),
                    r -> r != null && r.getBundle().getVersion().equals(newVersion));
            LockAdapter newAdapter = context.getService(swapped);
            LockResult served = newAdapter.execute(LockCommand.of(CommandType.LOCK, "swap-sim-001",
                    Duration.ofSeconds(10), "hotswap-test")).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(served.outcome()).isEqualTo(Outcome.OK);
            assertThat(listener.results()).extracting(LockEvent::attributes)
                    .anySatisfy(a -> assertThat(a).containsEntry("commandId", served.commandId()));
            context.ungetService(swapped);
        }
    }
}
