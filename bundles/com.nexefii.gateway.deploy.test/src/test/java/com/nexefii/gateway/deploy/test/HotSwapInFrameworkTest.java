package com.nexefii.gateway.deploy.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.util.tracker.ServiceTracker;

import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.InstallStep;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;

/**
 * The life of the simulated-locks package on one gateway: install, update, two broken updates that
 * roll back by themselves, reinstall of the same version, uninstall. Ordered: each step starts from
 * where the previous one left the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// the event store needs a configuration (any: its defaults are what a gateway runs with)
@WithConfiguration(pid = "com.nexefii.event.store", location = "?", properties = {
        @Property(key = "durabilityMode", value = "GROUP_COMMIT") })
@WithConfiguration(pid = TestGateway.EVENTS_PID, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
@WithFactoryConfiguration(factoryPid = TestGateway.SIMULATOR_FACTORY_PID, name = "hotswap", location = "?",
        properties = {
            @Property(key = "adapterId", value = "sim-hotswap"),
            @Property(key = "lockCount", value = "3", scalar = Property.Scalar.Integer),
            @Property(key = "latencyMinMillis", value = "10", scalar = Property.Scalar.Integer),
            @Property(key = "latencyMaxMillis", value = "30", scalar = Property.Scalar.Integer),
            @Property(key = "doorOpenAfterUnlockProbability", value = "0", scalar = Property.Scalar.Double),
            @Property(key = "randomSeed", value = "7", scalar = Property.Scalar.Long) })
class HotSwapInFrameworkTest {

    private static final String SIMULATOR_COMPONENT_XML = "OSGI-INF/com.nexefii.lock.simulator.SimulatorComponent.xml";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;

    private PackageInstaller installer;

    @BeforeEach
    void givenAGatewayTrustingTheBuildKeyAndTheRotationKey(@InjectService(timeout = 10_000) ConfigurationAdmin cm)
            throws Exception {
        TestGateway.trustBuildAndRotationKeys(context, cm);
        installer = TestGateway.installer(context);
    }

    @AfterAll
    static void leaveNoPackageBehind(@InjectBundleContext BundleContext context) throws Exception {
        DeploymentAdmin admin = TestGateway.service(context, DeploymentAdmin.class);
        DeploymentPackage left = admin.getDeploymentPackage(PackageFiles.SIMULATOR_PACKAGE);
        if (left != null) {
            left.uninstallForced();
        }
    }

    @Test
    @Order(1)
    void givenTheBuiltPackage_whenInstalled_thenItIsHealthyAndItsLocksAnswer() throws Exception {
        List<InstallStep> steps = Collections.synchronizedList(new ArrayList<>());

        InstallReport report = installer.install(PackageFiles.builtSimulatorPackage(), (step, detail) -> steps.add(step));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.INSTALLED);
        assertThat(report.health().healthy()).isTrue();
        assertThat(report.snapshotId()).isNotNull();
        assertThat(steps).containsExactly(InstallStep.RECEIVED, InstallStep.VERIFIED, InstallStep.SNAPSHOT_TAKEN,
                InstallStep.INSTALLING, InstallStep.INSTALLED, InstallStep.HEALTHY);
        assertThat(TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(queryFirstLock().outcome()).isEqualTo(Outcome.OK);
        assertThat(installer.installed()).singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo(PackageFiles.SIMULATOR_PACKAGE));
    }

    @Test
    @Order(2)
    void givenTheInstalledPackage_whenANewVersionSignedWithTheRotationKeyIsInstalled_thenItReplacesItInPlace()
            throws Exception {
        Path v2 = sign(PackageFiles.Package.read(PackageFiles.builtSimulatorPackage())
                .withVersion("0.1.1")
                .withBundle(PackageFiles.SIMULATOR_BSN, "0.1.1.test", m -> m, Map.of()), "v2");

        InstallReport report = installer.install(v2, InstallProgressLog.INSTANCE);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.UPDATED);
        assertThat(report.runningVersion()).isEqualTo("0.1.1");
        assertThat(TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN).getVersion()).hasToString("0.1.1.test");
        assertThat(queryFirstLock().outcome()).isEqualTo(Outcome.OK);
        assertThat(installer.installed().get(0).keptVersions()).contains("0.1.1");
    }

    @Test
    @Order(3)
    void givenVersionTwo_whenAnUpdateWhoseBundleCannotResolveIsInstalled_thenItRollsBackAndNoEventIsLost()
            throws Exception {
        Path broken = sign(PackageFiles.Package.read(PackageFiles.builtSimulatorPackage())
                .withVersion("0.1.2")
                .withBundle(PackageFiles.SIMULATOR_BSN, "0.1.2.unresolvable", HotSwapInFrameworkTest::importMissingPackage,
                        Map.of()), "v3-unresolvable");
        EventStore store = TestGateway.service(context, EventStore.class);
        long before = lastSequence(store);
        Commander commander = new Commander(context);
        commander.start();
        await().atMost(TestGateway.WAIT).until(() -> commander.answered.size() >= 3);

        List<InstallStep> steps = Collections.synchronizedList(new ArrayList<>());
        InstallReport report = installer.install(broken, (step, detail) -> steps.add(step));

        int answeredDuringSwap = commander.answered.size();
        await().atMost(TestGateway.WAIT).until(() -> commander.answered.size() >= answeredDuringSwap + 3);
        commander.stop();

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.ROLLED_BACK);
        assertThat(report.runningVersion()).isEqualTo("0.1.1");
        assertThat(report.detail()).contains("com.nexefii.lock.simulator", "not ACTIVE");
        assertThat(steps).containsSubsequence(InstallStep.INSTALLED, InstallStep.UNHEALTHY, InstallStep.ROLLING_BACK,
                InstallStep.ROLLED_BACK);
        Bundle simulator = TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN);
        assertThat(simulator.getVersion()).hasToString("0.1.1.test");
        assertThat(simulator.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(queryFirstLock().outcome()).isEqualTo(Outcome.OK);

        LockEvent alarm = await().atMost(TestGateway.WAIT).until(() -> rollbackAlarm(store, "0.1.2"), a -> a != null);
        assertThat(alarm.attributes()).containsEntry("package", PackageFiles.SIMULATOR_PACKAGE)
                .containsEntry("restoredVersion", "0.1.1");
        assertThat(alarm.attributes().get("reason")).contains("not ACTIVE");

        List<LockEvent> stored = store.readFrom(store.acknowledgedUpTo(), 1_000_000).stream()
                .map(StoredEvent::event).filter(e -> e.sequence() > before).toList();
        Set<String> storedResults = stored.stream().filter(e -> e.type() == LockEventType.COMMAND_RESULT)
                .map(e -> e.attributes().get("commandId")).collect(Collectors.toSet());
        assertThat(commander.answered.keySet()).as("every answered command has its result event stored")
                .isSubsetOf(storedResults);
        assertThat(stored).extracting(LockEvent::sequence).as("stored in sequence order, no gap")
                .isSorted()
                .satisfies(sequences -> assertThat(sequences.get(sequences.size() - 1) - sequences.get(0))
                        .isEqualTo(sequences.size() - 1L));
    }

    @Test
    @Order(4)
    void givenVersionTwo_whenAnUpdateWhoseComponentCannotActivateIsInstalled_thenItRollsBack() throws Exception {
        Path broken = sign(PackageFiles.Package.read(PackageFiles.builtSimulatorPackage())
                .withVersion("0.1.3")
                .withBundle(PackageFiles.SIMULATOR_BSN, "0.1.3.noactivation", m -> m,
                        Map.of(SIMULATOR_COMPONENT_XML, xml -> xml.replace(
                                "com.nexefii.lock.simulator.SimulatorComponent\"",
                                "com.nexefii.lock.simulator.NoSuchComponent\""))), "v4-noactivation");

        InstallReport report = installer.install(broken, InstallProgressLog.INSTANCE);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.ROLLED_BACK);
        assertThat(report.detail()).contains("component com.nexefii.lock.simulator.SimulatorComponent");
        assertThat(TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN).getVersion()).hasToString("0.1.1.test");
        assertThat(queryFirstLock().outcome()).isEqualTo(Outcome.OK);
        EventStore store = TestGateway.service(context, EventStore.class);
        assertThat(await().atMost(TestGateway.WAIT).until(() -> rollbackAlarm(store, "0.1.3"), a -> a != null))
                .isNotNull();
        assertThat(installer.installed().get(0).keptVersions()).doesNotContain("0.1.2", "0.1.3");
    }

    @Test
    @Order(5)
    void givenVersionTwoRunning_whenTheSameVersionIsInstalledAgain_thenNothingChanges() throws Exception {
        Path again = PackageFiles.work("v2.dp");
        long bundleId = TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN).getBundleId();

        InstallReport report = installer.install(again, InstallProgressLog.INSTANCE);

        assertThat(report.outcome()).isEqualTo(InstallOutcome.UNCHANGED);
        assertThat(TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN).getBundleId()).isEqualTo(bundleId);
    }

    @Test
    @Order(6)
    void givenTheInstalledPackage_whenUninstalled_thenItsBundleAndKeptFilesAreGone() throws Exception {
        String version = installer.uninstall(PackageFiles.SIMULATOR_PACKAGE);

        assertThat(version).isEqualTo("0.1.1");
        assertThat(deploymentAdmin.getDeploymentPackage(PackageFiles.SIMULATOR_PACKAGE)).isNull();
        assertThat(TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN)).isNull();
        assertThat(installer.installed()).isEmpty();
    }

    private static Manifest importMissingPackage(Manifest manifest) {
        String imports = manifest.getMainAttributes().getValue("Import-Package");
        manifest.getMainAttributes().putValue("Import-Package", imports + ",com.nexefii.does.not.exist");
        return manifest;
    }

    private static Path sign(PackageFiles.Package variant, String name) throws Exception {
        Path unsigned = variant.write(PackageFiles.work(name + "-unsigned.dp"));
        return TestGateway.rotationKey().sign(unsigned, PackageFiles.work(name + ".dp"));
    }

    private static LockEvent rollbackAlarm(EventStore store, String failedVersion) {
        return store.readFrom(store.acknowledgedUpTo(), 1_000_000).stream()
                .map(StoredEvent::event)
                .filter(e -> e.type() == LockEventType.GATEWAY_ALARM)
                .filter(e -> "rollback".equals(e.attributes().get("alarm")))
                .filter(e -> failedVersion.equals(e.attributes().get("failedVersion")))
                .findFirst().orElse(null);
    }

    private static long lastSequence(EventStore store) {
        List<StoredEvent> all = store.readFrom(store.acknowledgedUpTo(), 1_000_000);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).event().sequence();
    }

    private LockResult queryFirstLock() throws Exception {
        return await().atMost(TestGateway.WAIT).until(() -> {
            LockAdapter adapter = TestGateway.service(context, LockAdapter.class);
            LockInfo lock = adapter.locks().stream().findFirst().orElseThrow();
            return adapter.execute(LockCommand.of(CommandType.QUERY_STATE, lock.lockId(), Duration.ofSeconds(5),
                    "deploy-test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }, r -> r.outcome() == Outcome.OK);
    }

    /** Keeps sending state queries to whichever simulator adapter is there, and remembers every answer. */
    static final class Commander {
        final Map<String, Outcome> answered = new ConcurrentHashMap<>();
        private final ServiceTracker<LockAdapter, LockAdapter> adapters;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Commander(BundleContext context) {
            adapters = new ServiceTracker<>(context, LockAdapter.class, null);
            thread = new Thread(this::run, "deploy-test-commander");
        }

        void start() {
            adapters.open();
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            adapters.close();
        }

        private void run() {
            while (running.get()) {
                try {
                    LockAdapter adapter = adapters.waitForService(500);
                    if (adapter == null) {
                        continue;
                    }
                    String lockId = adapter.locks().iterator().next().lockId();
                    LockResult result = adapter.execute(LockCommand.of(CommandType.QUERY_STATE, lockId,
                            Duration.ofSeconds(5), "deploy-test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    answered.put(result.commandId(), result.outcome());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    // the adapter went away between lookup and call: nothing was sent
                }
            }
        }
    }
}
