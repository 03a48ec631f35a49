package com.nexefii.gateway.console;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentPackageManifestCheckTest {

    @TempDir
    Path dir;

    private final DeploymentPackageManifestCheck check = new DeploymentPackageManifestCheck();

    @Test
    void givenADeploymentPackageManifest_thenAccepted() throws IOException {
        Path dp = archive("com.nexefii.demo", "1.2.0");

        assertThatCode(() -> check.verify(dp)).doesNotThrowAnyException();
    }

    @Test
    void givenAPlainBundleJar_thenRefusedNamingTheMissingHeader() throws IOException {
        Path jar = archive(null, null);

        assertThatThrownBy(() -> check.verify(jar)).isInstanceOf(RejectedDeploymentPackageException.class)
                .hasMessageContaining("DeploymentPackage-SymbolicName");
    }

    @Test
    void givenNoVersionOrABadOne_thenRefusedNamingThePackageAndHeader() throws IOException {
        Path noVersion = archive("com.nexefii.demo", null);
        Path badVersion = archive("com.nexefii.demo", "one.two");

        assertThatThrownBy(() -> check.verify(noVersion)).hasMessageContaining("com.nexefii.demo")
                .hasMessageContaining("DeploymentPackage-Version");
        assertThatThrownBy(() -> check.verify(badVersion)).hasMessageContaining("'one.two' is not an OSGi version");
    }

    @Test
    void givenAZipWithoutManifestOrNotAZipAtAll_thenRefused() throws IOException {
        Path zip = dir.resolve("plain.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        Path text = Files.writeString(dir.resolve("notes.dp"), "not an archive");

        assertThatThrownBy(() -> check.verify(zip)).hasMessageContaining("META-INF/MANIFEST.MF");
        assertThatThrownBy(() -> check.verify(text)).isInstanceOf(RejectedDeploymentPackageException.class);
    }

    private Path archive(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue(DeploymentPackageManifestCheck.SYMBOLIC_NAME, symbolicName);
        }
        if (version != null) {
            manifest.getMainAttributes().putValue(DeploymentPackageManifestCheck.VERSION, version);
        }
        Path file = Files.createTempFile(dir, "package", ".dp");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("bundles/"));
        }
        return file;
    }
}
