package com.nexefii.gateway.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallProgress;
import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.InstallStep;
import com.nexefii.gateway.deploy.InstalledPackage;
import com.nexefii.gateway.deploy.PackageInstallRequest;
import com.nexefii.gateway.deploy.PackageInstallStage;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.gateway.deploy.VerifiedPackage;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Open-box: the download, size and hash checks against a real HTTPS server whose certificate a test CA
 * issued; the installer behind them is a stand-in that records what reached it.
 */
class RemotePackageInstallerComponentTest {

    private static final byte[] PACKAGE = "not really a deployment package, the installer is a stand-in"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pki;
    static Path caPem;
    static Path otherCaPem;
    static Path serverKeystore;

    @TempDir
    Path work;
    private HttpsServer server;
    private final StandInInstaller installer = new StandInInstaller();
    private final List<String> stages = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> details = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-keystore", pki.resolve("ca.p12").toString(), "-alias", "ca", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=test cloud CA", "-ext", "bc:c");
        keytool("-exportcert", "-rfc", "-keystore", pki.resolve("ca.p12").toString(), "-alias", "ca", "-file",
                pki.resolve("ca.pem").toString());
        caPem = pki.resolve("ca.pem");
        keytool("-genkeypair", "-keystore", pki.resolve("other.p12").toString(), "-alias", "other", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=another CA", "-ext", "bc:c");
        keytool("-exportcert", "-rfc", "-keystore", pki.resolve("other.p12").toString(), "-alias", "other", "-file",
                pki.resolve("other.pem").toString());
        otherCaPem = pki.resolve("other.pem");
        serverKeystore = pki.resolve("server.p12");
        keytool("-genkeypair", "-keystore", serverKeystore.toString(), "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=127.0.0.1");
        keytool("-certreq", "-keystore", serverKeystore.toString(), "-alias", "server", "-file",
                pki.resolve("server.csr").toString());
        keytool("-gencert", "-keystore", pki.resolve("ca.p12").toString(), "-alias", "ca", "-infile",
                pki.resolve("server.csr").toString(), "-outfile", pki.resolve("server.pem").toString(), "-rfc",
                "-validity", "30", "-ext", "san=ip:127.0.0.1");
        keytool("-importcert", "-noprompt", "-keystore", serverKeystore.toString(), "-alias", "ca", "-file",
                caPem.toString());
        keytool("-importcert", "-keystore", serverKeystore.toString(), "-alias", "server", "-file",
                pki.resolve("server.pem").toString());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void givenTheAnnouncedFileOverTrustedHttps_whenInstalled_thenEveryStageIsReportedAndTheInstallerGetsTheFile()
            throws Exception {
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);

        component(caPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "VERIFYING", "INSTALLING", "HEALTH_CHECK", "UPDATED");
        assertThat(installer.installed).containsExactly(new String(PACKAGE, StandardCharsets.UTF_8));
        assertThat(details.get(4)).containsEntry("previousVersion", "1.0.0").containsEntry("runningVersion", "1.1.0");
        assertThat(Files.list(work.resolve("downloads"))).as("the download is not kept").isEmpty();
    }

    @Test
    void givenAFileWhoseHashDiffers_whenInstalled_thenItIsRefusedAndNeverReachesTheInstaller() throws Exception {
        byte[] tampered = PACKAGE.clone();
        tampered[3] ^= 1;
        URI url = serve("/api/v1/package-downloads/p1", tampered);

        component(caPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "REFUSED");
        assertThat(details.get(1).get("reason")).contains("SHA-256");
        assertThat(installer.verified).isZero();
        assertThat(installer.installed).isEmpty();
    }

    @Test
    void givenALongerBodyThanAnnounced_whenInstalled_thenReadingStopsAndItIsRefused() throws Exception {
        byte[] longer = new byte[PACKAGE.length * 100];
        URI url = serve("/api/v1/package-downloads/p1", longer);

        component(caPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "REFUSED");
        assertThat(details.get(1).get("reason")).contains("announced " + PACKAGE.length);
        assertThat(installer.installed).isEmpty();
    }

    @Test
    void givenAServerCertificateFromAnotherCa_whenInstalled_thenTheTlsHandshakeFailsAndItIsRefused() throws Exception {
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);

        component(otherCaPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "REFUSED");
        assertThat(details.get(1).get("reason")).contains("download from").doesNotContain("signature=");
        assertThat(installer.installed).isEmpty();
    }

    @Test
    void givenAUrlOutsideTheAllowedPrefix_whenInstalled_thenNothingIsFetched() throws Exception {
        URI url = serve("/elsewhere/p1", PACKAGE);

        component(caPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "REFUSED");
        assertThat(details.get(1).get("reason")).contains("not under an allowed prefix");
    }

    @Test
    void givenASignedFileOfAnotherPackage_whenInstalled_thenItIsRefusedBeforeInstalling() throws Exception {
        installer.verifiedName = "com.example.other";
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);

        component(caPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "VERIFYING", "REFUSED");
        assertThat(details.get(2).get("reason")).contains("not the announced com.nexefii.dp.test 1.1.0");
        assertThat(installer.installed).isEmpty();
    }

    @Test
    void givenAVersionThatFailsItsHealthGate_whenInstalled_thenTheResultIsRolledBackWithTheReason() throws Exception {
        installer.outcome = InstallOutcome.ROLLED_BACK;
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);

        component(caPem).run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).containsExactly("DOWNLOADING", "VERIFYING", "INSTALLING", "HEALTH_CHECK", "ROLLED_BACK");
        assertThat(details.get(4)).containsEntry("reason", "bundle com.example.broken is not ACTIVE")
                .containsEntry("runningVersion", "1.0.0");
    }

    @Test
    void givenAListenerThatIsGoneAtTheEnd_whenInstalled_thenTheOutcomeIsKeptAcrossARestartUntilReported()
            throws Exception {
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);
        PackageInstallRequest request = request(url, sha256(PACKAGE), PACKAGE.length);

        // the core package replaced the connector that asked: its listener fails on the outcome
        component(caPem).run(request, (stage, detail) -> {
            heard(stage, detail);
            if (stage.terminal()) {
                throw new IllegalStateException("lock event publisher is not active");
            }
        });

        RemotePackageInstallerComponent restarted = component(caPem);
        assertThat(restarted.unreported()).singleElement().satisfies(o -> {
            assertThat(o.request().requestId()).isEqualTo(request.requestId());
            assertThat(o.request().packageName()).isEqualTo("com.nexefii.dp.test");
            assertThat(o.request().version()).isEqualTo("1.1.0");
            assertThat(o.request().url().toString()).as("no download signature kept").doesNotContain("signature");
            assertThat(o.stage()).isEqualTo(PackageInstallStage.UPDATED);
            assertThat(o.details()).containsEntry("previousVersion", "1.0.0").containsEntry("runningVersion", "1.1.0");
        });

        restarted.reported(request.requestId());

        assertThat(restarted.unreported()).isEmpty();
        assertThat(component(caPem).unreported()).isEmpty();
    }

    @Test
    void givenAListenerWhoseBundleWasReplaced_whenItFailsToLink_thenTheOutcomeIsKeptAndTheNextRequestStillRuns()
            throws Exception {
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);
        RemotePackageInstallerComponent component = component(caPem);

        component.run(request(url, sha256(PACKAGE), PACKAGE.length), (stage, detail) -> {
            if (stage.terminal()) {
                throw new NoClassDefFoundError("com/nexefii/cloud/connector/mqtt/PackageCommands");
            }
        });
        component.run(new PackageInstallRequest("0b7e3c1d-2a4f-4e6b-8c9d-0e1f2a3b4c5d", "com.nexefii.dp.test",
                "1.1.0", url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(stages).endsWith("UPDATED");
        assertThat(component.unreported()).as("only the one whose listener failed").singleElement()
                .satisfies(o -> assertThat(o.request().requestId()).isEqualTo("8d3f1c2a-5b6e-4f70-9a81-b2c3d4e5f607"));
    }

    @Test
    void givenAListenerThatTakesTheOutcome_whenInstalled_thenNothingIsKept() throws Exception {
        URI url = serve("/api/v1/package-downloads/p1", PACKAGE);
        RemotePackageInstallerComponent component = component(caPem);

        component.run(request(url, sha256(PACKAGE), PACKAGE.length), this::heard);

        assertThat(component.unreported()).isEmpty();
        assertThat(Files.list(work.resolve("outcomes"))).isEmpty();
    }

    @Test
    void givenAPlainHttpPrefix_whenConfigured_thenActivationFailsNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PackageDownloadOptions.from(config(caPem, "http://127.0.0.1/api/v1/")))
                .withMessageStartingWith("allowedUrlPrefixes[0]");
    }

    @Test
    void givenNoCloudCa_whenConfigured_thenActivationFailsNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PackageDownloadOptions.from(config(null, "https://127.0.0.1/api/v1/")))
                .withMessageStartingWith("cloudCaCertificates");
    }

    // ------------------------------------------------------------------ fixtures

    private void heard(PackageInstallStage stage, Map<String, String> detail) {
        stages.add(stage.name());
        details.add(detail);
    }

    private RemotePackageInstallerComponent component(Path ca) throws IOException {
        String prefix = "https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/package-downloads/";
        return new RemotePackageInstallerComponent(installer, PackageDownloadOptions.from(config(ca, prefix)),
                work.resolve("downloads"));
    }

    private static PackageInstallRequest request(URI url, String sha256, long size) {
        return new PackageInstallRequest("8d3f1c2a-5b6e-4f70-9a81-b2c3d4e5f607", "com.nexefii.dp.test", "1.1.0", url,
                sha256, size);
    }

    private URI serve(String path, byte[] body) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(serverKeystore.toFile())) {
            keys.load(in, TestSigning.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, TestSigning.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length, the size check is the reader's
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client stopped reading: that is what the size limit is for
            }
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path
                + "?gateway=hotel-a%2Fgw-a1&expires=1&signature=secret");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("keytool"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass", TestSigning.PASSWORD, "-storetype", "PKCS12"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
        }
    }

    private static PackageDownloadConfig config(Path ca, String prefix) {
        return new PackageDownloadConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PackageDownloadConfig.class;
            }

            @Override
            public String[] cloudCaCertificates() {
                return new String[0];
            }

            @Override
            public String[] cloudCaCertificateFiles() {
                return ca == null ? new String[0] : new String[] { ca.toString() };
            }

            @Override
            public String[] allowedUrlPrefixes() {
                return new String[] { prefix };
            }

            @Override
            public int maxPackageMiB() {
                return 1;
            }

            @Override
            public int connectTimeoutSeconds() {
                return 5;
            }

            @Override
            public int downloadTimeoutSeconds() {
                return 30;
            }

            @Override
            public int queueSize() {
                return 2;
            }
        };
    }

    /** Records what reached it; answers as configured. */
    static final class StandInInstaller implements PackageInstaller {
        final List<String> installed = new CopyOnWriteArrayList<>();
        volatile int verified;
        volatile String verifiedName = "com.nexefii.dp.test";
        volatile InstallOutcome outcome = InstallOutcome.UPDATED;

        @Override
        public VerifiedPackage verify(Path deploymentPackage) {
            verified++;
            return new VerifiedPackage(verifiedName, "1.1.0", null, "CN=test signer", "00", List.of());
        }

        @Override
        public InstallReport install(Path deploymentPackage, InstallProgress progress) throws PackageRejectedException {
            try {
                installed.add(Files.readString(deploymentPackage));
            } catch (IOException e) {
                throw new PackageRejectedException("unreadable", e);
            }
            progress.step(InstallStep.INSTALLING, "");
            progress.step(InstallStep.INSTALLED, "health gate: 60 s");
            boolean rolledBack = outcome == InstallOutcome.ROLLED_BACK;
            return new InstallReport("com.nexefii.dp.test", "1.0.0", "1.1.0", rolledBack ? "1.0.0" : "1.1.0", outcome,
                    null, "CN=test signer", null, rolledBack ? "bundle com.example.broken is not ACTIVE" : null);
        }

        @Override
        public InstallReport updateBundle(Path bundleJar, InstallProgress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String uninstall(String packageName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<InstalledPackage> installed() {
            return List.of();
        }
    }
}
