package com.nexefii.gateway.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageInstallerOptionsTest {

    @TempDir
    Path work;

    @Test
    void givenAPemPastedIntoAOneLineField_whenParsed_thenTheCertificateIsTrusted() throws Exception {
        Path keystore = TestSigning.keyPair(work, "release");
        String pem = Files.readString(TestSigning.certificate(keystore, "release")).replace('\n', ' ');

        PackageInstallerOptions options = PackageInstallerOptions.from(config(new String[] { pem }, new String[0], 60, 2));

        assertThat(options.trusted()).singleElement()
                .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).contains("CN=release"));
    }

    @Test
    void givenAHealthWindowOfZero_whenParsed_thenTheErrorNamesTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PackageInstallerOptions.from(config(new String[0], new String[0], 0, 2)))
                .withMessageStartingWith("healthWindowSeconds: 0");
    }

    @Test
    void givenOneKeptVersion_whenParsed_thenItIsRefusedBecauseRollbackNeedsThePrevious() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PackageInstallerOptions.from(config(new String[0], new String[0], 60, 1)))
                .withMessageStartingWith("keptVersions: 1");
    }

    @Test
    void givenGarbageAsACertificate_whenParsed_thenTheErrorNamesTheEntry() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PackageInstallerOptions.from(config(new String[] { "", "hello" }, new String[0], 60,
                        2)))
                .withMessageStartingWith("trustedCertificates[1]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PackageInstallerOptions.from(config(new String[0],
                        new String[] { work.resolve("missing.pem").toString() }, 60, 2)))
                .withMessageStartingWith("trustedCertificateFiles[0]");
    }

    static PackageInstallerConfig config(String[] pems, String[] files, int window, int kept) {
        return new PackageInstallerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PackageInstallerConfig.class;
            }

            @Override
            public String[] trustedCertificates() {
                return pems;
            }

            @Override
            public String[] trustedCertificateFiles() {
                return files;
            }

            @Override
            public int healthWindowSeconds() {
                return window;
            }

            @Override
            public int keptVersions() {
                return kept;
            }

            @Override
            public boolean restoreConfigurationOnRollback() {
                return true;
            }
        };
    }
}
