package com.nexefii.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported gateway.jar as an operator and a field technician use it: started with
 * {@code java -jar} in its own JVM on a free port, with a fresh data directory and the demo image's
 * config directory (its provisioning folder holds the build's signed core, simulator, BLE and ZigBee
 * packages), driven through the web console over HTTP, stopped with SIGTERM and started again on the
 * same data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayRuntimeIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Pattern GENERATED_PASSWORD = Pattern.compile("(?m)^ password: (\\S+)$");
    private static final String DEPLOYMENT_PID = "com.nexefii.gateway.console.deployment";
    private static final String PROBE_BUNDLE = "com.nexefii.gateway.runtime.probe";
    private static final String PROBE_PACKAGE = "com.nexefii.gateway.runtime.probe.dp";
    private static final String SIMULATOR_PACKAGE = "com.nexefii.dp.lock.simulator";
    private static final List<String> PROVISIONED = List.of("com.nexefii.dp.core", SIMULATOR_PACKAGE,
            "com.nexefii.dp.lock.ble", "com.nexefii.dp.lock.zigbee");
    /** The simulator release a technician uploads over the provisioned one. */
    private static final String NEWER_SIMULATOR = "99.1.0";
    /** The simulator release a technician copies into the provisioning folder of the running gateway. */
    private static final String WATCHED_SIMULATOR = "99.2.0";

    @TempDir
    static Path work;

    private Path jar;
    private Path config;
    private Path data;
    private int port;
    private GatewayProcess gateway;
    private String password;
    private ConsoleClient console;
    private TestSigningKey signing;

    @BeforeAll
    void startGatewayOnFreshDirectories() throws IOException {
        jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));
        assertThat(jar).isRegularFile();
        config = Files.createDirectory(work.resolve("config"));
        data = work.resolve("data");
        // The demo image's config directory: logging, lock event identity, event store, policy cache, simulated
        // locks (generic, BLE, ZigBee), the package signer's certificate and the provisioning folder packages/
        Path image = Path.of(System.getProperty("gateway.config", "target/demo/config"));
        try (Stream<Path> shipped = Files.walk(image)) {
            for (Path file : shipped.toList()) {
                Path target = config.resolve(image.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        // An operator's file in the config directory, applied through FileInstall and ConfigAdmin
        Files.writeString(config.resolve(DEPLOYMENT_PID + ".config"), "maxUploadMegabytes=I\"32\"\n");
        // The package installer trusts the build's package signer (the image's dp-signers.pem) and this test's
        // signing key, as an operator's file would say during a key rotation
        signing = TestSigningKey.generate(work.resolve("signing"));
        Files.writeString(config.resolve("com.nexefii.gateway.deploy.config"), "trustedCertificateFiles=[\""
                + escaped(config.resolve("dp-signers.pem")) + "\",\"" + escaped(signing.certificate())
                + "\"]\nhealthWindowSeconds=I\"30\"\n");
        port = freePort();
        gateway = GatewayProcess.start(jar, config, data, port, work.resolve("gateway-1.out"));
    }

    @AfterAll
    void stopGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void givenAFreshGateway_whenTheConsoleIsOpened_thenItWantsTheGeneratedPasswordNotAdminAdmin() throws Exception {
        ConsoleClient anonymous = ConsoleClient.anonymous(port);
        await("web console answering").atMost(STARTUP).pollInterval(Duration.ofMillis(250))
                .failFast("gateway exited", () -> !gateway.isAlive())
                .ignoreExceptions()
                .until(() -> anonymous.get("bundles").statusCode() == 401);

        password = gateway.awaitOutput(GENERATED_PASSWORD, STARTUP);
        console = anonymous.as("admin", password);

        assertThat(anonymous.get("bundles").statusCode()).isEqualTo(401);
        assertThat(anonymous.as("admin", "admin").get("bundles").statusCode()).isEqualTo(401);
        await("console accepts the generated password").atMost(STARTUP)
                .until(() -> console.get("bundles").statusCode() == 200);
        assertThat(anonymous.as("admin", password + "x").get("bundles").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void whenTheComponentsPageIsOpened_thenOurComponentsAreListedActive_includingTheConfiguredSimulator()
            throws Exception {
        assertThat(console.get("components").statusCode()).isEqualTo(200);
        for (String component : List.of("com.nexefii.gateway.console.ConsoleCredentialsProvisioner",
                "com.nexefii.gateway.console.DeploymentPackagesPlugin", "com.nexefii.gateway.runtime.FrameworkShutdownHook",
                "com.nexefii.gateway.deploy.impl.PackageInstallerComponent",
                "com.nexefii.gateway.runtime.provisioning.PackageProvisioner",
                "com.nexefii.gateway.runtime.OsgiLogForwarder",
                "com.nexefii.lock.events.LockEventPublisherComponent", "com.nexefii.lock.simulator.SimulatorComponent",
                "com.nexefii.event.store.log.EventStoreComponent", "com.nexefii.lock.router.LockRouterComponent",
                "com.nexefii.policy.cache.impl.PolicyCacheComponent", "com.nexefii.lock.ble.BleLockAdapter",
                "com.nexefii.lock.zigbee.ZigbeeLockAdapter",
                "com.nexefii.lock.zigbee.simulator.runtime.SimulatedNetworkComponent")) {
            awaitPage("components.json", "\"name\":\"" + component + "\",\"state\":\"active\"", STARTUP);
        }
    }

    @Test
    @Order(3)
    void givenAFreshDataDirectoryAndAProvisioningFolder_thenDeploymentAdminOwnsTheProvisionedPackages_andTheLocksAreReady()
            throws Exception {
        for (String name : PROVISIONED) {
            awaitPage("deployment.json", "\"name\":\"" + name + "\"", STARTUP);
        }
        // the product bundles came with the packages, none with the jar
        assertThat(console.get("deployment.json").body()).contains("com.nexefii.lock.api", "com.nexefii.lock.simulator",
                "com.nexefii.lock.ble", "com.nexefii.lock.zigbee", "com.nexefii.event.store");
        assertThat(console.get("bundles/com.nexefii.lock.simulator.json").body()).contains("dp:com.nexefii.lock.simulator");
        // locks ready: the metrics of the core package count the simulator's 10, BLE's 2 and ZigBee's 2 locks
        String[] metrics = {""};
        await("locks counted on /metrics").atMost(STARTUP).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("gateway exited", () -> !gateway.isAlive())
                .until(() -> locks(metrics[0] = metrics(), "simulator", 10) && locks(metrics[0], "ble-1", 2)
                        && locks(metrics[0], "zigbee-1", 2));
    }

    @Test
    @Order(3)
    void givenTheDemoConfiguration_whenTheSimulatedZigbeeLocksJoin_thenTheirEventsAreInTheDurableStoreInTheDataDirectory()
            throws Exception {
        Path store = data.resolve("event-store");

        await("ZigBee LOCK_ADDED events stored in " + store).atMost(STARTUP).pollInterval(Duration.ofMillis(250))
                .failFast("gateway exited", () -> !gateway.isAlive())
                .ignoreExceptions()
                .until(() -> storedText(store).contains("LOCK_ADDED") && storedText(store).contains("zigbee-1"));
        assertThat(storedText(store)).contains("demo-hotel", "gateway-1");
    }

    @Test
    @Order(4)
    void whenAnInvalidConfigurationIsDropped_thenTheLogFileNamesTheWrongProperty_andTheGatewayStaysUp()
            throws Exception {
        Path log = data.resolve("log").resolve("gateway.log");
        Path broken = config.resolve("com.nexefii.lock.simulator-broken.config");

        Files.writeString(broken, "adapterId=\"broken\"\nlockCount=I\"0\"\n");
        try {
            await("SCR's activation failure in gateway.log").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.readString(log).contains("lockCount: 0 is outside"));
        } finally {
            Files.delete(broken);
        }
        assertThat(gateway.isAlive()).isTrue();
        assertThat(console.get("bundles").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void givenAConfigFile_thenItsPidFollowsTheFile_andOnceRemovedATechniciansConsoleEditIsApplied() throws Exception {
        awaitPage("deployment", "Uploads up to 32 MB", STARTUP);

        Files.delete(config.resolve(DEPLOYMENT_PID + ".config"));
        awaitPage("deployment", "Uploads up to 64 MB", Duration.ofSeconds(30));
        HttpResponse<String> saved = console.postForm("configMgr/" + DEPLOYMENT_PID, Map.of(
                "apply", "true", "action", "ajaxConfigManager", "propertylist", "maxUploadMegabytes",
                "maxUploadMegabytes", "7"));

        assertThat(saved.statusCode()).isLessThan(400);
        awaitPage("deployment", "Uploads up to 7 MB", Duration.ofSeconds(30));
    }

    @Test
    @Order(6)
    void whenABundleIsInstalledOnTheBundlesPage_thenItIsActive() throws Exception {
        Path probe = bundle(work.resolve("probe.jar"), PROBE_BUNDLE);

        HttpResponse<String> installed = console.postFile("bundles",
                Map.of("action", "install", "bundlestart", "start", "bundlestartlevel", "10"), "bundlefile", probe);

        assertThat(installed.statusCode()).isLessThan(400);
        await("probe bundle active").atMost(Duration.ofSeconds(30))
                .until(() -> console.get("bundles/" + PROBE_BUNDLE + ".json").body().contains("\"state\":\"Active\""));
    }

    @Test
    @Order(7)
    void whenADeploymentPackageIsUploaded_thenItIsInstalledAndListed_andAPlainJarIsRefusedWithAReason()
            throws Exception {
        Path unsigned = deploymentPackage(work.resolve("probe-unsigned.dp"));
        Path dp = signing.sign(unsigned, work.resolve("probe.dp"));
        Path notAPackage = bundle(work.resolve("not-a-package.jar"), "com.nexefii.gateway.runtime.other");

        HttpResponse<String> refusedUnsigned = console.postFile("deployment", Map.of("action", "install"),
                "deploymentpackage", unsigned);
        assertThat(refusedUnsigned.statusCode()).as(refusedUnsigned.body()).isEqualTo(422);
        assertThat(refusedUnsigned.body()).contains("is not signed");

        HttpResponse<String> installed = console.postFile("deployment", Map.of("action", "install"),
                "deploymentpackage", dp);
        HttpResponse<String> refused = console.postFile("deployment", Map.of("action", "install"),
                "deploymentpackage", notAPackage);

        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
        assertThat(installed.body()).contains("\"outcome\":\"installed\"", "\"name\":\"" + PROBE_PACKAGE + "\"");
        assertThat(console.get("deployment.json").body()).contains(PROBE_PACKAGE, PROBE_PACKAGE + ".bundle");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("DeploymentPackage-SymbolicName");
        assertThat(console.get("bundles/com.nexefii.gateway.runtime.other.json").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void whenANewerReleaseOfAProvisionedPackageIsUploadedInTheConsole_thenItUpdatesInPlace() throws Exception {
        Path built = config.resolve("packages").resolve(SIMULATOR_PACKAGE + ".dp");
        Path newer = signing.sign(PackageRevision.of(built, NEWER_SIMULATOR, "0.1.1", work.resolve("simulator-unsigned.dp")),
                work.resolve("simulator-" + NEWER_SIMULATOR + ".dp"));

        HttpResponse<String> updated = console.postFile("deployment", Map.of("action", "install"), "deploymentpackage",
                newer);

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.body()).contains("\"outcome\":\"updated\"", "\"name\":\"" + SIMULATOR_PACKAGE + "\"");
        assertThat(console.get("deployment.json").body()).contains(NEWER_SIMULATOR);
        assertThat(console.get("bundles/com.nexefii.lock.simulator.json").body()).contains("0.1.1");
        awaitPage("components.json", "\"name\":\"com.nexefii.lock.simulator.SimulatorComponent\",\"state\":\"active\"",
                STARTUP);
    }

    @Test
    @Order(8)
    void thenTheGatewayListensOnLoopbackOnly() throws Exception {
        List<ListeningSockets.Listener> listeners = ListeningSockets.of(gateway.pid());

        assertThat(listeners).extracting(ListeningSockets.Listener::port).contains(port);
        assertThat(listeners).allSatisfy(listener -> assertThat(listener.address().isLoopbackAddress())
                .as("%s listens on loopback", listener).isTrue());
    }

    @Test
    @Order(9)
    void whenStoppedAndStartedAgainOnTheSameData_thenPasswordConfigurationBundlesAndPackagesAreKept()
            throws Exception {
        assertThat(gateway.stop(Duration.ofSeconds(60))).as(gateway.output()).isNotEqualTo(-1);
        assertThat(gateway.output()).contains("Nexefii gateway stopped cleanly");

        gateway = GatewayProcess.start(jar, config, data, port, work.resolve("gateway-2.out"));
        awaitPage("deployment", "Uploads up to 7 MB", STARTUP);

        assertThat(gateway.output()).doesNotContainPattern(GENERATED_PASSWORD);
        // the console page can be up before the framework has started every bundle of the same start level
        awaitPage("bundles/" + PROBE_BUNDLE + ".json", "\"state\":\"Active\"", STARTUP);
        assertThat(console.get("deployment.json").body()).contains(PROBE_PACKAGE);
        // the provisioning folder's older simulator does not replace the technician's newer one
        awaitPage("components.json", "\"name\":\"com.nexefii.lock.simulator.SimulatorComponent\",\"state\":\"active\"",
                STARTUP);
        assertThat(gateway.output()).contains("Provisioning deployment packages from");
        await("provisioning done").atMost(STARTUP).until(() -> gateway.output().contains(SIMULATOR_PACKAGE + " "));
        assertThat(console.get("deployment.json").body()).contains(NEWER_SIMULATOR);
    }

    @Test
    @Order(10)
    void whenABundleIsUninstalledOnTheBundlesPage_thenItIsGone() throws Exception {
        HttpResponse<String> uninstalled = console.postForm("bundles/" + PROBE_BUNDLE, Map.of("action", "uninstall"));

        assertThat(uninstalled.statusCode()).as(uninstalled.body()).isLessThan(400);
        await("probe bundle gone").atMost(Duration.ofSeconds(30))
                .until(() -> console.get("bundles/" + PROBE_BUNDLE + ".json").statusCode() == 404);
    }

    @Test
    @Order(11)
    void whenAPackageIsUninstalled_thenItsBundleIsGone() throws Exception {
        HttpResponse<String> uninstalled = console.postForm("deployment",
                Map.of("action", "uninstall", "name", PROBE_PACKAGE));

        assertThat(uninstalled.statusCode()).as(uninstalled.body()).isEqualTo(200);
        assertThat(console.get("deployment.json").body()).doesNotContain(PROBE_PACKAGE).contains(SIMULATOR_PACKAGE);
        assertThat(console.get("bundles/" + PROBE_PACKAGE + ".bundle.json").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(12)
    void thenEverythingWasLoggedToTheRotatingFileWithoutLogbackErrors() throws Exception {
        Path log = data.resolve("log").resolve("gateway.log");

        assertThat(log).isRegularFile();
        assertThat(Files.readString(log)).contains("Deployment packages page active")
                .contains("Installed deployment package " + PROBE_PACKAGE)
                .doesNotContain(password);
        assertThat(gateway.output()).doesNotContain("|-ERROR in ch.qos.logback");
        // the BLE master key was generated at the first start, kept owner-only, and never logged
        Path key = data.resolve("secrets").resolve("ble-master-key");
        assertThat(key).isRegularFile();
        assertThat(Files.readString(log)).doesNotContain(Files.readString(key).trim());
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("framework", "configadmin", "log");
        }
    }

    @Test
    @Order(13)
    void whenATechnicianCopiesPackagesIntoTheProvisioningFolderOfTheRunningGateway_thenTheSignedNewerOneInstalls()
            throws Exception {
        Path folder = config.resolve("packages");
        Path built = folder.resolve(SIMULATOR_PACKAGE + ".dp");
        Path unsigned = PackageRevision.of(built, WATCHED_SIMULATOR, "0.1.2", work.resolve("simulator-watched-unsigned.dp"));
        Path signed = signing.sign(unsigned, work.resolve("simulator-" + WATCHED_SIMULATOR + ".dp"));

        // an unsigned one first: refused by the verified installer, logged, the gateway carries on
        copyIntoFolder(unsigned, folder.resolve("unsigned-simulator.dp"));
        await("the unsigned package refused").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.output().contains("the installer refused " + folder.resolve("unsigned-simulator.dp")));
        assertThat(console.get("deployment.json").body()).doesNotContain(WATCHED_SIMULATOR);
        Files.delete(folder.resolve("unsigned-simulator.dp"));

        copyIntoFolder(signed, folder.resolve("simulator-newer.dp"));

        awaitPage("deployment.json", WATCHED_SIMULATOR, STARTUP);
        assertThat(console.get("bundles/com.nexefii.lock.simulator.json").body()).contains("0.1.2");
        awaitPage("components.json", "\"name\":\"com.nexefii.lock.simulator.SimulatorComponent\",\"state\":\"active\"",
                STARTUP);
        assertThat(gateway.output()).contains("Provisioning folder " + folder + " changed");
    }

    /** As the README tells technicians: copy beside, then rename, so the gateway never sees half a file. */
    private static void copyIntoFolder(Path file, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(file, partial);
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls a console page until it shows {@code text}; on timeout says what the page and the gateway said. */
    private void awaitPage(String path, String text, Duration timeout) {
        String[] last = {""};
        try {
            await(path + " showing '" + text + "'").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .failFast("gateway exited", () -> !gateway.isAlive())
                    .ignoreExceptions()
                    .until(() -> (last[0] = console.get(path).body()).contains(text));
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nlast page:\n" + last[0] + "\ngateway output:\n"
                    + gateway.output(), e);
        }
    }

    /** The event store's segment files as text: enough to find the ids and types of the events they hold. */
    private static String storedText(Path store) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> segments = Files.list(store)) {
            for (Path segment : segments.filter(p -> p.toString().endsWith(".seg")).toList()) {
                text.append(new String(Files.readAllBytes(segment), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    /** The core package's Prometheus endpoint, on the console's HTTP port (no password: metrics only). */
    private String metrics() throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean locks(String metrics, String adapter, int count) {
        return Pattern.compile("(?m)^nexefii_locks\\{[^}]*adapter=\"" + Pattern.quote(adapter) + "\"[^}]*\\} " + count
                + "(\\.0)?$").matcher(metrics).find();
    }

    private static String escaped(Path file) {
        return file.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path bundle(Path file, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("probe.txt"));
            jar.write(symbolicName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return file;
    }

    /** A deployment package holding one bundle (OSGi Deployment Admin spec, 114.3). */
    private Path deploymentPackage(Path file) throws IOException {
        Path inner = bundle(work.resolve("probe-dp-bundle.jar"), PROBE_PACKAGE + ".bundle");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("DeploymentPackage-SymbolicName", PROBE_PACKAGE);
        main.putValue("DeploymentPackage-Version", "1.0.0");
        Attributes entry = new Attributes();
        entry.putValue("Bundle-SymbolicName", PROBE_PACKAGE + ".bundle");
        entry.putValue("Bundle-Version", "1.0.0");
        manifest.getEntries().put("bundles/probe.jar", entry);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("bundles/probe.jar"));
            jar.write(Files.readAllBytes(inner));
        }
        return file;
    }
}
