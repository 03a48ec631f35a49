package com.nexefii.gateway.deploy.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.gateway.deploy.VerifiedPackage;

@WithConfiguration(pid = TestGateway.EVENTS_PID, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
class SignatureCheckInFrameworkTest {

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

    @Test
    void givenThePackageTheBuildSigned_whenVerified_thenItsSignerIsTheBuildKey() throws Exception {
        VerifiedPackage verified = installer.verify(PackageFiles.builtSimulatorPackage());

        assertThat(verified.name()).isEqualTo(PackageFiles.SIMULATOR_PACKAGE);
        assertThat(verified.bundles()).anyMatch(b -> b.startsWith(PackageFiles.SIMULATOR_BSN + " "));
        assertThat(verified.signer()).contains("Nexefii");
    }

    @Test
    void givenAnUnsignedPackage_whenInstalled_thenItIsRefusedAndNothingIsInstalled() throws Exception {
        Path unsigned = PackageFiles.unsigned(PackageFiles.builtSimulatorPackage(), PackageFiles.work("unsigned.dp"));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> installer.install(unsigned, (step, detail) -> { }))
                .withMessageContaining("is not signed");
        assertNothingInstalled();
    }

    @Test
    void givenASignedPackageWithOneByteOfItsBundleChanged_whenInstalled_thenItIsRefusedAsTampered() throws Exception {
        Path tampered = PackageFiles.flipOneByte(PackageFiles.builtSimulatorPackage(), PackageFiles.SIMULATOR_BSN,
                PackageFiles.work("tampered.dp"));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> installer.install(tampered, (step, detail) -> { }))
                .withMessageContaining("tampered")
                .withMessageContaining(PackageFiles.SIMULATOR_BSN);
        assertNothingInstalled();
    }

    @Test
    void givenASignedPackageWhoseVersionWasEditedAfterSigning_whenInstalled_thenItIsRefusedAsTampered()
            throws Exception {
        Path built = PackageFiles.builtSimulatorPackage();
        String version = PackageFiles.manifestVersion(built);
        Path edited = PackageFiles.editSignedManifest(built, "DeploymentPackage-Version: " + version,
                "DeploymentPackage-Version: 9.9.9", PackageFiles.work("edited.dp"));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> installer.install(edited, (step, detail) -> { }))
                .withMessageContaining("tampered");
        assertNothingInstalled();
    }

    @Test
    void givenAPackageSignedByAKeyTheGatewayDoesNotTrust_whenInstalled_thenItIsRefusedNamingTheSigner()
            throws Exception {
        Path unsigned = PackageFiles.unsigned(PackageFiles.builtSimulatorPackage(), PackageFiles.work("to-sign.dp"));
        Path signed = TestGateway.strangerKey().sign(unsigned, PackageFiles.work("stranger.dp"));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> installer.install(signed, (step, detail) -> { }))
                .withMessageContaining("untrusted signer")
                .withMessageContaining("CN=stranger");
        assertNothingInstalled();
    }

    @Test
    void givenAFileThatIsNotAnArchive_whenInstalled_thenItIsRefusedAsNotADeploymentPackage() throws Exception {
        Path text = Files.writeString(PackageFiles.work("notes.dp"), "not a package");

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> installer.install(text, (step, detail) -> { }))
                .withMessageContaining("Not a deployment package");
        assertNothingInstalled();
    }

    @Test
    void givenAPackageSignedWithTheRotationKey_whenVerified_thenItIsAccepted() throws Exception {
        Path unsigned = PackageFiles.unsigned(PackageFiles.builtSimulatorPackage(), PackageFiles.work("rot.dp"));
        Path signed = TestGateway.rotationKey().sign(unsigned, PackageFiles.work("rotation-signed.dp"));

        assertThat(installer.verify(signed).signer()).contains("CN=nexefii-rotation");
    }

    private void assertNothingInstalled() {
        assertThat(deploymentAdmin.getDeploymentPackage(PackageFiles.SIMULATOR_PACKAGE)).isNull();
        assertThat(TestGateway.bundle(context, PackageFiles.SIMULATOR_BSN)).isNull();
    }
}
