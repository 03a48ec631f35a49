package com.nexefii.gateway.deploy.packages.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.PackageInstaller;

/**
 * What a technician does on a new gateway: trust the signing certificate, install the core package,
 * install the protocol package the property needs, configure, and later uninstall. Ordered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagesOnABareGatewayInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CORE = "com.nexefii.dp.core";
    private static final String SIMULATOR = "com.nexefii.dp.lock.simulator";
    private static final List<String> CORE_BUNDLES = List.of("com.nexefii.lock.api", "com.nexefii.lock.events",
            "com.nexefii.event.store", "com.nexefii.lock.router", "com.nexefii.policy.cache",
            "com.nexefii.cloud.connector", "com.nexefii.local.api", "com.nexefii.gateway.metrics",
            "com.nexefii.gateway.deploy.locks");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    @Test
    @Order(1)
    void givenABareGatewayTrustingTheBuildKey_whenTheCorePackageIsInstalled_thenAllItsBundlesAreActive()
            throws Exception {
        Configuration installer = configurationAdmin.getConfiguration("com.nexefii.gateway.deploy", "?");
        installer.update(properties("trustedCertificateFiles",
                new String[] { System.getProperty("nexefii.test.build.certificate") }, "healthWindowSeconds", 30));
        PackageInstaller packages = await().atMost(WAIT).until(() -> trustingInstaller(), p -> p != null);

        InstallReport report = packages.install(dp(CORE), (step, detail) -> System.out.println(step + ": " + detail));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.INSTALLED);
        for (String bsn : CORE_BUNDLES) {
            assertThat(bundle(bsn)).as(bsn).isNotNull()
                    .satisfies(b -> assertThat(b.getState()).as(bsn).isEqualTo(Bundle.ACTIVE));
            // a developer build stamps its build time (bnd -snapshot): a rebuilt package updates its bundles
            assertThat(bundle(bsn).getVersion().getQualifier()).as(bsn + " " + bundle(bsn).getVersion())
                    .isNotEqualTo("SNAPSHOT").matches("^$|^[0-9]{14}$");
        }
    }

    @Test
    @Order(2)
    void givenTheCore_whenTheSimulatorPackageIsInstalledAndConfigured_thenItsLocksAreALockAdapter() throws Exception {
        configurationAdmin.getConfiguration("com.nexefii.lock.events", "?")
                .update(properties("propertyId", "hotel-bare", "gatewayId", "gw-bare"));
        configurationAdmin.getConfiguration("com.nexefii.event.store", "?")
                .update(properties("durabilityMode", "GROUP_COMMIT"));
        configurationAdmin.getFactoryConfiguration("com.nexefii.lock.simulator", "bare", "?")
                .update(properties("adapterId", "sim-bare", "lockCount", 2));

        InstallReport report = installer().install(dp(SIMULATOR), (step, detail) -> { });

        assertThat(report.outcome()).as(report.toString()).isEqualTo(InstallOutcome.INSTALLED);
        await().atMost(WAIT).until(() -> context.getServiceReferences("com.nexefii.lock.api.LockAdapter",
                "(nexefii.lock.adapter.id=sim-bare)") != null);
        assertThat(installer().installed()).extracting(p -> p.name()).containsExactly(CORE, SIMULATOR);
    }

    @Test
    @Order(3)
    void givenBothPackages_whenUninstalledAdapterFirst_thenNoneOfTheirBundlesRemain() throws Exception {
        assertThat(installer().uninstall(SIMULATOR)).isNotBlank();
        assertThat(installer().uninstall(CORE)).isNotBlank();

        assertThat(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName))
                .noneMatch(bsn -> bsn != null && (bsn.startsWith("com.nexefii.lock") || bsn.startsWith("com.nexefii.event")
                        || bsn.startsWith("com.fasterxml") || bsn.startsWith("com.nimbusds")
                        || bsn.startsWith("org.eclipse.paho") || bsn.equals("com.nexefii.gateway.metrics")));
        assertThat(installer().installed()).isEmpty();
    }

    private PackageInstaller trustingInstaller() throws Exception {
        PackageInstaller installer = installer();
        try {
            installer.verify(dp(CORE));
            return installer;
        } catch (Exception e) {
            return null;
        }
    }

    private PackageInstaller installer() throws InterruptedException {
        ServiceTracker<PackageInstaller, PackageInstaller> tracker = new ServiceTracker<>(context,
                PackageInstaller.class, null);
        tracker.open();
        try {
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElse(null);
    }

    private static Path dp(String name) {
        return Path.of(System.getProperty("nexefii.test.dps"), name + ".dp");
    }

    private static Dictionary<String, Object> properties(Object... keysAndValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
