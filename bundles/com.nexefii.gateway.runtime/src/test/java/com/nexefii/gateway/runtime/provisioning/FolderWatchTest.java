package com.nexefii.gateway.runtime.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open-box: when a look at the provisioning folder calls for a provisioning pass. */
class FolderWatchTest {

    @TempDir
    Path folder;

    @Test
    void givenAnUnchangedFolder_whenLookedAt_thenNoPassIsDue() throws Exception {
        Files.write(folder.resolve("core.dp"), new byte[] { 1 });
        FolderWatch watch = new FolderWatch(folder);

        assertThat(watch.changedAndSettled()).isFalse();
        assertThat(watch.changedAndSettled()).isFalse();
    }

    @Test
    void givenAPackageBeingCopied_whenLookedAt_thenThePassWaitsUntilItStoppedChangingAndRunsOnce() throws Exception {
        FolderWatch watch = new FolderWatch(folder);
        Path copy = folder.resolve("simulator.dp");

        Files.write(copy, new byte[] { 1 });
        assertThat(watch.changedAndSettled()).as("just appeared").isFalse();
        Files.write(copy, new byte[] { 1, 2, 3 });
        assertThat(watch.changedAndSettled()).as("still growing").isFalse();
        assertThat(watch.changedAndSettled()).as("the same as at the last look").isTrue();
        assertThat(watch.changedAndSettled()).as("handled").isFalse();
    }

    @Test
    void givenANewerReleaseReplacingAFileOfTheSameName_whenLookedAt_thenAPassIsDue() throws Exception {
        Path file = folder.resolve("core.dp");
        Files.write(file, new byte[] { 1 });
        FolderWatch watch = new FolderWatch(folder);

        Files.write(file, new byte[] { 2 });
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(watch.changedAndSettled()).isFalse();
        assertThat(watch.changedAndSettled()).isTrue();
    }

    @Test
    void givenOtherFilesOrAFolderCreatedLater_whenLookedAt_thenOnlyPackagesCount() throws Exception {
        Path later = folder.resolve("packages");
        FolderWatch watch = new FolderWatch(later);
        Files.createDirectories(later);
        Files.write(later.resolve("core.dp.part"), new byte[] { 1 });
        Files.writeString(later.resolve("README.txt"), "copy packages here");

        assertThat(watch.changedAndSettled()).isFalse();
        assertThat(watch.changedAndSettled()).isFalse();

        Files.move(later.resolve("core.dp.part"), later.resolve("core.dp"));
        watch.changedAndSettled();
        assertThat(watch.changedAndSettled()).isTrue();
    }

    @Test
    void givenAScanIntervalProperty_whenParsed_thenZeroTurnsItOffAndGarbageNamesTheProperty() {
        assertThat(PackageProvisioner.scanSeconds(null)).isEqualTo(PackageProvisioner.SCAN_SECONDS_DEFAULT);
        assertThat(PackageProvisioner.scanSeconds(" 0 ")).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> PackageProvisioner.scanSeconds("-1"))
                .withMessageStartingWith(PackageProvisioner.SCAN_PROPERTY);
        assertThatIllegalArgumentException().isThrownBy(() -> PackageProvisioner.scanSeconds("soon"))
                .withMessageStartingWith(PackageProvisioner.SCAN_PROPERTY);
    }
}
