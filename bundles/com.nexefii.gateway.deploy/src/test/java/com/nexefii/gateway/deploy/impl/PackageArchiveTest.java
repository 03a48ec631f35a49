package com.nexefii.gateway.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageArchiveTest {

    @TempDir
    Path root;

    @Test
    void givenThreeKeptVersions_whenPrunedKeepingTwo_thenTheRunningAndTheNewestOtherStay() throws Exception {
        PackageArchive archive = new PackageArchive(root.resolve("packages"), 2);
        Path file = Files.writeString(root.resolve("x.dp"), "x");
        archive.keep("com.example.dp", "1.0.0", file);
        archive.keep("com.example.dp", "1.10.0", file);
        archive.keep("com.example.dp", "1.2.0", file);

        archive.prune("com.example.dp", "1.2.0");

        assertThat(archive.versions("com.example.dp")).containsExactly("1.10.0", "1.2.0");
    }

    @Test
    void givenAKeptPackage_whenForgottenEntirely_thenNothingIsLeft() throws Exception {
        PackageArchive archive = new PackageArchive(root.resolve("packages"), 2);
        archive.keep("com.example.dp", "1.0.0", Files.writeString(root.resolve("x.dp"), "x"));

        archive.forgetAll("com.example.dp");

        assertThat(archive.versions("com.example.dp")).isEmpty();
        assertThat(archive.file("com.example.dp", "1.0.0")).isEmpty();
    }

    @Test
    void givenANameThatLeavesTheArchive_whenKept_thenItIsRefused() throws Exception {
        PackageArchive archive = new PackageArchive(root.resolve("packages"), 2);
        Path file = Files.writeString(root.resolve("x.dp"), "x");

        assertThatIllegalArgumentException().isThrownBy(() -> archive.keep("../evil", "1.0.0", file));
    }

    @Test
    void givenASignedPackage_whenCopiedForDeploymentAdmin_thenTheSignatureFilesAreLeftOutAndTheManifestStaysFirst()
            throws Exception {
        Path keystore = TestSigning.keyPair(root, "release");
        Path signed = TestSigning.sign(TestSigning.unsignedPackage(root.resolve("u.dp"), "com.example.dp", "1.0.0"),
                keystore, "release", root.resolve("s.dp"));
        Path copy = root.resolve("copy.dp");

        try (var out = Files.newOutputStream(copy)) {
            PackageArchive.copyWithoutSignature(signed, out);
        }

        try (var jar = new java.util.jar.JarInputStream(Files.newInputStream(copy))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("DeploymentPackage-SymbolicName"))
                    .isEqualTo("com.example.dp");
            assertThat(jar.getNextJarEntry().getName()).isEqualTo("com.example.bundle_1.0.0.jar");
            assertThat(jar.getNextJarEntry()).isNull();
        }
    }
}
