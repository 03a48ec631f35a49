package com.nexefii.gateway.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.gateway.deploy.VerifiedPackage;

class SignedPackageVerifierTest {

    @TempDir
    static Path keys;

    private static Path release;
    private static Path ca;
    private static Path issued;

    @TempDir
    Path work;

    @BeforeAll
    static void givenAReleaseKeyAndAKeyIssuedByACompanyCa() throws Exception {
        release = TestSigning.keyPair(keys, "release");
        ca = TestSigning.keyPair(keys, "company-ca");
        issued = TestSigning.keyPair(keys, "signer-2027");
        TestSigning.issueBy(issued, "signer-2027", ca, "company-ca");
    }

    @Test
    void givenAPackageSignedByATrustedCertificate_whenVerified_thenItsNameVersionSignerAndBundlesAreKnown()
            throws Exception {
        Path signed = TestSigning.sign(TestSigning.unsignedPackage(work.resolve("u.dp"), "com.example.dp", "1.2.3"),
                release, "release", work.resolve("s.dp"));

        VerifiedPackage verified = verifierTrusting(TestSigning.certificate(release, "release")).verify(signed);

        assertThat(verified.name()).isEqualTo("com.example.dp");
        assertThat(verified.version()).isEqualTo("1.2.3");
        assertThat(verified.signer()).contains("CN=release");
        assertThat(verified.signerFingerprint()).hasSize(64);
        assertThat(verified.bundles()).containsExactly("com.example.bundle 1.0.0");
    }

    @Test
    void givenAPackageSignedByAKeyACompanyCaIssued_whenOnlyTheCaIsTrusted_thenItIsAccepted() throws Exception {
        Path signed = TestSigning.sign(TestSigning.unsignedPackage(work.resolve("u.dp"), "com.example.dp", "2.0.0"),
                issued, "signer-2027", work.resolve("s.dp"));

        VerifiedPackage verified = verifierTrusting(TestSigning.certificate(ca, "company-ca")).verify(signed);

        assertThat(verified.signer()).contains("CN=signer-2027");
    }

    @Test
    void givenAPackageSignedByTheCaIssuedKey_whenOnlyTheReleaseKeyIsTrusted_thenItIsRefused() throws Exception {
        Path signed = TestSigning.sign(TestSigning.unsignedPackage(work.resolve("u.dp"), "com.example.dp", "2.0.0"),
                issued, "signer-2027", work.resolve("s.dp"));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> verifierTrusting(TestSigning.certificate(release, "release")).verify(signed))
                .withMessageContaining("untrusted signer").withMessageContaining("CN=signer-2027");
    }

    @Test
    void givenTwoTrustedCertificatesDuringARotation_whenPackagesOfEitherKeyArrive_thenBothAreAccepted()
            throws Exception {
        SignedPackageVerifier verifier = verifierTrusting(TestSigning.certificate(release, "release"),
                TestSigning.certificate(ca, "company-ca"));
        Path old = TestSigning.sign(TestSigning.unsignedPackage(work.resolve("a.dp"), "com.example.dp", "1.0.0"),
                release, "release", work.resolve("old.dp"));
        Path next = TestSigning.sign(TestSigning.unsignedPackage(work.resolve("b.dp"), "com.example.dp", "1.0.1"),
                issued, "signer-2027", work.resolve("new.dp"));

        assertThat(verifier.verify(old).version()).isEqualTo("1.0.0");
        assertThat(verifier.verify(next).version()).isEqualTo("1.0.1");
    }

    @Test
    void givenNoTrustedCertificate_whenAnythingIsVerified_thenItIsRefusedNamingTheSetting() throws Exception {
        Path signed = TestSigning.sign(TestSigning.unsignedPackage(work.resolve("u.dp"), "com.example.dp", "1.0.0"),
                release, "release", work.resolve("s.dp"));

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> new SignedPackageVerifier(new TrustedCertificates(List.of())).verify(signed))
                .withMessageContaining("trustedCertificates");
    }

    @Test
    void givenAnUnsignedPackage_whenVerified_thenItIsRefusedAsNotSigned() throws Exception {
        Path unsigned = TestSigning.unsignedPackage(work.resolve("u.dp"), "com.example.dp", "1.0.0");

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> verifierTrusting(TestSigning.certificate(release, "release")).verify(unsigned))
                .withMessageContaining("is not signed");
    }

    @Test
    void givenAManifestWithoutAVersion_whenVerified_thenItIsRefusedNamingTheHeader() throws Exception {
        Path unsigned = TestSigning.unsignedPackage(work.resolve("u.dp"), "com.example.dp", "");

        assertThatExceptionOfType(PackageRejectedException.class)
                .isThrownBy(() -> verifierTrusting(TestSigning.certificate(release, "release")).verify(unsigned))
                .withMessageContaining("DeploymentPackage-Version");
    }

    @Test
    void givenSignatureFileNames_whenClassified_thenOnlyTopLevelMetaInfSignaturesCount() {
        assertThat(SignedPackageVerifier.isSignatureFile("META-INF/NEXEFII-.SF")).isTrue();
        assertThat(SignedPackageVerifier.isSignatureFile("META-INF/NEXEFII-.RSA")).isTrue();
        assertThat(SignedPackageVerifier.isSignatureFile("meta-inf/x.ec")).isTrue();
        assertThat(SignedPackageVerifier.isSignatureFile("META-INF/sub/X.SF")).isFalse();
        assertThat(SignedPackageVerifier.isSignatureFile("bundle.SF")).isFalse();
    }

    private static SignedPackageVerifier verifierTrusting(Path... certificates) {
        List<java.security.cert.X509Certificate> trusted = new ArrayList<>();
        for (Path certificate : certificates) {
            trusted.addAll(TrustedCertificates.read("test", certificate));
        }
        return new SignedPackageVerifier(new TrustedCertificates(trusted));
    }
}
