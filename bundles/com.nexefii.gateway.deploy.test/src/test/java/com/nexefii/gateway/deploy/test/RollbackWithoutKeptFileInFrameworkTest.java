package com.nexefii.gateway.deploy.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallReport;

@WithConfiguration(pid = "com.nexefii.event.store", location = "?", properties = {
        @Property(key = "durabilityMode", value = "GROUP_COMMIT") })
@WithConfiguration(pid = TestGateway.EVENTS_PID, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
@WithFactoryConfiguration(factoryPid = TestGateway.SIMULATOR_FACTORY_PID, name = "adopted", location = "?",
        properties = {
            @Property(key = "adapterId", value = "sim-adopted"),
            @Property(key = "lockCount", value = "2", scalar = Property.Scalar.Integer),
            @Property(key = "latencyMinMillis", value = "5", scalar = Property.Scalar.Integer),
            @Property(key = "latencyMaxMillis", value = "10", scalar = Property.Scalar.Integer) })
class RollbackWithoutKeptFileInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;

    @AfterEach
    void uninstall() throws Exception {
        DeploymentPackage left = deploymentAdmin.getDeploymentPackage(PackageFiles.SIMULATOR_PACKAGE);
        if (left != null) {
            left.uninstallForced();
        }
    }

    @Test
    void givenAPackageInstalledStraightThroughDeploymentAdmin_whenABrokenUpdateArrives_thenItStillRollsBack(
            @InjectService(timeout = 10_000) ConfigurationAdmin cm) throws Exception {
        TestGateway.trustBuildAndRotationKeys(context, cm);
        Path unsigned = PackageFiles.unsigned(PackageFiles.builtSimulatorPackage(), PackageFiles.work("adopted.dp"));
        try (InputStream in = Files.newInputStream(unsigned)) {
            deploymentAdmin.installDeploymentPackage(in);
        }
        String adoptedVersion = deploymentAdmin.getDeploymentPackage(PackageFiles.SIMULATOR_PACKAGE).getVersion()
                .toString();
        org.osgi.framework.Version adoptedBundle = TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN).getVersion();
        Path broken = TestGateway.rotationKey().sign(PackageFiles.Package.read(PackageFiles.builtSimulatorPackage())
                .withVersion("0.9.0")
                .withBundle(PackageFiles.SIMULATOR_BSN, "0.9.0.unresolvable", manifest -> {
                    manifest.getMainAttributes().putValue("Import-Package",
                            manifest.getMainAttributes().getValue("Import-Package") + ",com.nexefii.does.not.exist");
                    return manifest;
                }, Map.of()).write(PackageFiles.work("adopted-broken-unsigned.dp")), PackageFiles.work("adopted-broken.dp"));

        InstallReport report = TestGateway.installer(context).install(broken, InstallProgressLog.INSTANCE);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.ROLLED_BACK);
        assertThat(report.runningVersion()).isEqualTo(adoptedVersion);
        Bundle simulator = TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN);
        assertThat(simulator.getVersion()).isEqualTo(adoptedBundle);
        assertThat(simulator.getState()).isEqualTo(Bundle.ACTIVE);
    }
}
