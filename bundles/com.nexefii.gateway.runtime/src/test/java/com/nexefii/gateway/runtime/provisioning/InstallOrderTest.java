package com.nexefii.gateway.runtime.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

class InstallOrderTest {

    @TempDir
    Path dir;

    @Test
    void givenAdaptersThatImportWhatTheCoreExports_thenTheCoreGoesFirstWhateverTheNames() throws IOException {
        FolderPackage ble = FolderPackage.read(dp("a-ble.dp", "com.example.dp.ble", "1.0.0",
                Map.of("ble", bundleHeaders("com.example.ble", "com.example.ble.api",
                        "com.example.lock.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\""))));
        FolderPackage core = FolderPackage.read(dp("z-core.dp", "com.example.zz.core", "1.0.0",
                Map.of("api", bundleHeaders("com.example.lock.api", "com.example.lock.api;version=\"1.0.0\"", null),
                        "store", bundleHeaders("com.example.store", null, "com.example.lock.api;version=\"[1.0,2)\""))));
        FolderPackage simulator = FolderPackage.read(dp("m-sim.dp", "com.example.dp.simulator", "1.0.0",
                Map.of("sim", bundleHeaders("com.example.sim", null, "com.example.lock.api"))));

        List<FolderPackage> order = InstallOrder.of(List.of(ble, simulator, core));

        assertThat(order).extracting(FolderPackage::name)
                .containsExactly("com.example.zz.core", "com.example.dp.ble", "com.example.dp.simulator");
        assertThat(core.imports()).as("a package's own exports are no import").isEmpty();
        assertThat(ble.imports()).containsExactlyInAnyOrder("com.example.lock.api", "org.osgi.framework");
    }

    @Test
    void givenTwoFilesOfOnePackage_thenOnlyTheNewestCounts() throws IOException {
        FolderPackage old = FolderPackage.read(dp("old.dp", "com.example.dp.core", "1.2.0", Map.of()));
        FolderPackage newer = FolderPackage.read(dp("new.dp", "com.example.dp.core", "1.10.0", Map.of()));

        assertThat(InstallOrder.of(List.of(newer, old))).containsExactly(newer);
        assertThat(InstallOrder.of(List.of(old, newer))).containsExactly(newer);
    }

    @Test
    void givenACycle_thenEveryPackageIsStillInstalledOnce() throws IOException {
        FolderPackage a = FolderPackage.read(dp("a.dp", "a", "1", Map.of("a", bundleHeaders("a", "pa", "pb"))));
        FolderPackage b = FolderPackage.read(dp("b.dp", "b", "1", Map.of("b", bundleHeaders("b", "pb", "pa"))));

        assertThat(InstallOrder.of(List.of(b, a))).extracting(FolderPackage::name).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void givenExportHeadersWithSeveralPackagesPerClauseAndQuotedRanges_thenOnlyPackageNamesAreKept() {
        assertThat(FolderPackage.packageNames("p.one;p.two;version=\"1.0\";uses:=\"x,y\",p.three;version=\"[1,2)\""))
                .containsExactly("p.one", "p.two", "p.three");
        assertThat(FolderPackage.packageNames(null)).isEmpty();
    }

    @Test
    void givenAJarThatIsNoDeploymentPackage_thenReadingItSaysWhy() throws IOException {
        Path plain = dir.resolve("plain.dp");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(plain); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("x.txt"));
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FolderPackage.read(plain))
                .hasMessageContaining("DeploymentPackage-SymbolicName");
    }

    @Test
    void givenVersions_thenProvisioningInstallsOnlyWhatIsNewerThanInstalledAndThanLastProvisioned() {
        Version v1 = Version.parseVersion("1.0.0");
        Version v2 = Version.parseVersion("1.1.0");
        java.util.Optional<Version> none = java.util.Optional.empty();

        assertThat(ProvisionedVersions.decide(v1, none, none)).isEqualTo(ProvisionedVersions.Decision.INSTALL);
        assertThat(ProvisionedVersions.decide(v2, java.util.Optional.of(v1), java.util.Optional.of(v1)))
                .isEqualTo(ProvisionedVersions.Decision.INSTALL);
        assertThat(ProvisionedVersions.decide(v1, java.util.Optional.of(v1), java.util.Optional.of(v1)))
                .isEqualTo(ProvisionedVersions.Decision.ALREADY_INSTALLED);
        assertThat(ProvisionedVersions.decide(v1, java.util.Optional.of(v2), none))
                .as("a technician's newer version stays").isEqualTo(ProvisionedVersions.Decision.ALREADY_INSTALLED);
        assertThat(ProvisionedVersions.decide(v1, none, java.util.Optional.of(v1)))
                .as("a technician's uninstall sticks").isEqualTo(ProvisionedVersions.Decision.NOT_AGAIN);
    }

    @Test
    void givenARememberedVersion_thenItIsReadBackAfterARestart() throws IOException {
        Path file = dir.resolve("state").resolve("provisioned.properties");
        new ProvisionedVersions(file).remember("com.example.dp.core", Version.parseVersion("1.2.3.qualifier"));

        assertThat(new ProvisionedVersions(file).last("com.example.dp.core"))
                .contains(Version.parseVersion("1.2.3.qualifier"));
        assertThat(new ProvisionedVersions(file).last("other")).isEmpty();
    }

    @Test
    void givenNoFolderProperty_thenPackagesBesideTheConfiguration() {
        assertThat(PackageProvisioner.folder(null, "/etc/nexefii")).isEqualTo(Path.of("/etc/nexefii/packages"));
        assertThat(PackageProvisioner.folder(" /srv/dp ", "/etc/nexefii")).isEqualTo(Path.of("/srv/dp"));
    }

    private static Attributes bundleHeaders(String bsn, String exports, String imports) {
        Attributes main = new Attributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        if (exports != null) {
            main.putValue("Export-Package", exports);
        }
        if (imports != null) {
            main.putValue("Import-Package", imports);
        }
        return main;
    }

    private Path dp(String fileName, String name, String version, Map<String, Attributes> bundles) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("DeploymentPackage-SymbolicName", name);
        manifest.getMainAttributes().putValue("DeploymentPackage-Version", version);
        for (Map.Entry<String, Attributes> bundle : bundles.entrySet()) {
            Attributes entry = new Attributes();
            entry.putValue("Bundle-SymbolicName", bundle.getValue().getValue("Bundle-SymbolicName"));
            entry.putValue("Bundle-Version", "1.0.0");
            manifest.getEntries().put("bundles/" + bundle.getKey() + ".jar", entry);
        }
        Path file = dir.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, Attributes> bundle : bundles.entrySet()) {
                jar.putNextEntry(new ZipEntry("bundles/" + bundle.getKey() + ".jar"));
                Manifest inner = new Manifest();
                inner.getMainAttributes().putAll(bundle.getValue());
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (JarOutputStream innerJar = new JarOutputStream(bytes, inner)) {
                    innerJar.putNextEntry(new ZipEntry("marker.txt"));
                }
                jar.write(bytes.toByteArray());
            }
        }
        return file;
    }
}
