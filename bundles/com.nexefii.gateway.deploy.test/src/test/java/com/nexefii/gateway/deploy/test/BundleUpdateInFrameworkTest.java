package com.nexefii.gateway.deploy.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.lock.api.LockEventType;

/** A bundle installed on its own (not from a package) updated through the installer's health gate. */
@WithConfiguration(pid = "com.nexefii.event.store", location = "?", properties = {
        @Property(key = "durabilityMode", value = "GROUP_COMMIT") })
@WithConfiguration(pid = TestGateway.EVENTS_PID, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
@WithFactoryConfiguration(factoryPid = TestGateway.SIMULATOR_FACTORY_PID, name = "plain", location = "?",
        properties = {
            @Property(key = "adapterId", value = "sim-plain"),
            @Property(key = "lockCount", value = "2", scalar = Property.Scalar.Integer),
            @Property(key = "latencyMinMillis", value = "5", scalar = Property.Scalar.Integer),
            @Property(key = "latencyMaxMillis", value = "10", scalar = Property.Scalar.Integer) })
class BundleUpdateInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    private PackageInstaller installer;
    private Bundle simulator;
    private byte[] built;
    private org.osgi.framework.Version builtVersion;

    @BeforeEach
    void givenTheSimulatorInstalledAsAPlainBundle(@InjectService(timeout = 10_000) ConfigurationAdmin cm)
            throws Exception {
        TestGateway.trustBuildAndRotationKeys(context, cm);
        installer = TestGateway.installer(context);
        built = PackageFiles.bundleIn(PackageFiles.builtSimulatorPackage(), PackageFiles.SIMULATOR_BSN);
        Path jar = Files.write(PackageFiles.work("sim-plain.jar"), built);
        simulator = context.installBundle("file:" + jar, Files.newInputStream(jar));
        simulator.start();
        builtVersion = simulator.getVersion();
    }

    @AfterEach
    void uninstall() throws Exception {
        simulator.uninstall();
    }

    @Test
    void givenAPlainBundle_whenASignedUpdateThatCannotResolveArrives_thenTheOldContentIsBackAndReported()
            throws Exception {
        Path broken = signedVariant("0.1.5.unresolvable", true, "plain-broken");

        InstallReport report = installer.updateBundle(broken, InstallProgressLog.INSTANCE);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.ROLLED_BACK);
        assertThat(simulator.getVersion()).isEqualTo(builtVersion);
        assertThat(simulator.getState()).isEqualTo(Bundle.ACTIVE);
        EventStore store = TestGateway.service(context, EventStore.class);
        await().atMost(TestGateway.WAIT).until(() -> store.readFrom(store.acknowledgedUpTo(), 1_000_000).stream()
                .map(StoredEvent::event).anyMatch(e -> e.type() == LockEventType.GATEWAY_ALARM
                        && "0.1.5.unresolvable".equals(e.attributes().get("failedVersion"))
                        && PackageFiles.SIMULATOR_BSN.equals(e.attributes().get("package"))));
    }

    @Test
    void givenAPlainBundle_whenAGoodSignedUpdateArrives_thenItRunsTheNewVersion() throws Exception {
        Path good = signedVariant("0.1.6.good", false, "plain-good");

        InstallReport report = installer.updateBundle(good, InstallProgressLog.INSTANCE);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.UPDATED);
        assertThat(simulator.getVersion()).hasToString("0.1.6.good");
        assertThat(simulator.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void givenAPlainBundle_whenAnUnsignedUpdateArrives_thenItIsRefusedAndNothingChanges() throws Exception {
        Path unsigned = Files.write(PackageFiles.work("plain-unsigned.jar"), PackageFiles.rebuildBundle(built,
                "0.1.7.unsigned", m -> m, Map.of()));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> installer.updateBundle(unsigned, InstallProgressLog.INSTANCE))
                .withMessageContaining("is not signed");
        assertThat(simulator.getVersion()).isEqualTo(builtVersion);
    }

    private Path signedVariant(String version, boolean unresolvable, String name) throws Exception {
        byte[] variant = PackageFiles.rebuildBundle(built, version, manifest -> {
            if (unresolvable) {
                manifest.getMainAttributes().putValue("Import-Package",
                        manifest.getMainAttributes().getValue("Import-Package") + ",com.nexefii.does.not.exist");
            }
            return manifest;
        }, Map.of());
        Path unsigned = Files.write(PackageFiles.work(name + "-unsigned.jar"), variant);
        return TestGateway.rotationKey().sign(unsigned, PackageFiles.work(name + ".jar"));
    }
}
