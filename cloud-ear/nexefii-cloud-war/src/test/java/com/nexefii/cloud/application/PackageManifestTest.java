package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class PackageManifestTest {

    static byte[] dp(String name, String version, boolean signed) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        m.getMainAttributes().putValue("DeploymentPackage-Version", version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            if (signed) {
                jar.putNextEntry(new JarEntry("META-INF/NEXEFII.SF"));
                jar.write("Signature-Version: 1.0\n".getBytes());
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void givenASignedDeploymentPackage_whenRead_thenNameAndVersionComeFromItsManifest() throws Exception {
        assertThat(PackageRolloutService.nameAndVersion(dp("com.nexefii.dp.lock.ble", "1.2.0", true)))
                .containsExactly("com.nexefii.dp.lock.ble", "1.2.0");
    }

    @Test
    void givenAnUnsignedPackage_whenRegistered_thenItIsRefusedBeforeAnyGatewaySeesIt() throws Exception {
        assertThatThrownBy(() -> PackageRolloutService.nameAndVersion(dp("com.nexefii.dp.lock.ble", "1.2.0", false)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("not signed");
    }

    @Test
    void givenSomethingElse_whenRegistered_thenItIsRefusedAsNotADeploymentPackage() {
        assertThatThrownBy(() -> PackageRolloutService.nameAndVersion("hello".getBytes()))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("not a deployment package");
    }
}
