package com.nexefii.gateway.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What a field technician does on a gateway's web console, in a real browser: on a gateway that
 * provisioned the core package at its first start, upload the build's signed simulated-locks
 * package, see its version and its components come up, change a component's configuration through
 * its form, uninstall the package. A refused (unsigned) upload shows the reason.
 */
class GatewayConsoleInstallFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String METRICS_COMPONENT = "com.nexefii.gateway.metrics.GatewayMetricsComponent";
    private static final String SIMULATOR_COMPONENT = "com.nexefii.lock.simulator.SimulatorComponent";

    @Test
    void givenAGateway_whenATechnicianInstallsConfiguresAndUninstallsAPackageInTheConsole_thenEachStepShows()
            throws Exception {
        Path work = Path.of(System.getProperty("nexefii.e2e.dir"), "gateway-e2e");
        Path simulator = Path.of(System.getProperty("nexefii.dps"), SimulatorRelease.NAME + ".dp");
        SimulatorRelease release = SimulatorRelease.build(simulator, work.resolve("package"), "1.0.0", false);
        try (GatewayProcess gateway = GatewayProcess.start(configuration(release.certificate));
                Browser browser = new Browser(work.resolve("chromium-profiles"))) {
            try {
                technicianFlow(gateway, browser, simulator, release.unsigned);
            } catch (Exception | AssertionError e) {
                browser.screenshot("99-failure");
                System.err.println("Gateway output:\n" + gateway.output());
                throw e;
            }
        }
    }

    private static void technicianFlow(GatewayProcess gateway, Browser browser, Path signed, Path unsigned)
            throws Exception {
        browser.driver.get(gateway.urlWithCredentials("system/console/deployment"));
        browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("deploymentpackages")));
        browser.screenshot("01-deployment-packages");

        assertThat(row(browser, GatewayProcess.CORE).getText()).contains("com.nexefii.lock.api");
        upload(browser, unsigned);
        assertThat(browser.driver.getPageSource()).contains("Deployment package refused", "is not signed");
        assertThat(packageRows(browser)).noneMatch(r -> r.getText().startsWith(SimulatorRelease.NAME));
        browser.screenshot("02-unsigned-package-refused");

        upload(browser, signed);
        assertThat(browser.driver.getCurrentUrl()).contains("outcome=Installed");
        WebElement row = row(browser, SimulatorRelease.NAME);
        assertThat(row.getText()).contains(packageVersion(gateway), "com.nexefii.lock.simulator");
        browser.screenshot("03-package-installed-with-version");

        browser.driver.get(gateway.url("system/console/components"));
        browser.waitUpTo(WAIT).until(d -> d.getPageSource().contains(SIMULATOR_COMPONENT)
                && d.getPageSource().contains(METRICS_COMPONENT));
        browser.screenshot("04-components-up");
        assertThat(gateway.get("metrics").body()).contains("nexefii_gateway_info{gateway=\"gw-e2e\"");

        browser.driver.get(gateway.url("system/console/configMgr/com.nexefii.gateway.metrics"));
        WebElement path = browser.waitUpTo(WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.name("osgi.http.whiteboard.servlet.pattern")));
        path.clear();
        path.sendKeys("/prometheus");
        browser.screenshot("05-metrics-configuration-edited");
        browser.driver.findElements(By.cssSelector(".ui-dialog-buttonpane button")).stream()
                .filter(b -> b.getText().trim().equalsIgnoreCase("Save")).findFirst().orElseThrow().click();
        await().atMost(WAIT).until(() -> gateway.get("prometheus").statusCode() == 200);
        assertThat(gateway.get("prometheus").body()).contains("# TYPE nexefii_event_store_up gauge");
        browser.screenshot("06-configuration-saved");

        browser.driver.get(gateway.url("system/console/deployment"));
        row(browser, SimulatorRelease.NAME).findElement(By.cssSelector("input[type=submit][value=Uninstall]")).click();
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().contains("outcome=Uninstalled"));
        assertThat(packageRows(browser)).noneMatch(r -> r.getText().startsWith(SimulatorRelease.NAME));
        browser.screenshot("07-package-uninstalled");
        assertThat(gateway.get("system/console/bundles.json").body()).doesNotContain("com.nexefii.lock.simulator\"")
                .contains("com.nexefii.gateway.metrics");
    }

    /** The version the installer reported for the uploaded simulator package. */
    private static String packageVersion(GatewayProcess gateway) throws Exception {
        String list = gateway.get("system/console/deployment.json").body();
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"name\":\"" + SimulatorRelease.NAME
                .replace(".", "\\.") + "\",\"version\":\"([^\"]+)\"").matcher(list);
        assertThat(version.find()).as(list).isTrue();
        return version.group(1);
    }

    private static void upload(Browser browser, Path dp) {
        browser.driver.findElement(By.cssSelector("input[type=file][name=deploymentpackage]"))
                .sendKeys(dp.toAbsolutePath().toString());
        String before = browser.driver.getCurrentUrl();
        browser.driver.findElement(By.cssSelector("input[type=submit][value='Install or update']")).click();
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().contains("outcome=") && !d.getCurrentUrl().equals(before));
    }

    private static java.util.List<WebElement> packageRows(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#deploymentpackages tbody tr"));
    }

    private static WebElement row(Browser browser, String name) {
        return browser.waitUpTo(WAIT).until(d -> packageRows(browser).stream()
                .filter(r -> r.getText().startsWith(name)).findFirst().orElse(null));
    }

    /**
     * Initial configuration as an operator writes it into the config directory: one Felix FileInstall
     * {@code .config} file per PID.
     */
    static Map<String, String> configuration(Path certificate) {
        return Map.of(
                "com.nexefii.gateway.deploy.config",
                "trustedCertificateFiles=[\"" + escaped(Path.of(System.getProperty("nexefii.dp.certificate"))) + "\",\""
                        + escaped(certificate) + "\"]\nhealthWindowSeconds=I\"30\"\n",
                "com.nexefii.lock.events.config", "propertyId=\"hotel-e2e\"\ngatewayId=\"gw-e2e\"\n",
                "com.nexefii.event.store.config", "durabilityMode=\"GROUP_COMMIT\"\n",
                "com.nexefii.lock.simulator-e2e.config", "adapterId=\"sim-e2e\"\nlockCount=I\"2\"\n");
    }

    private static String escaped(Path file) {
        return file.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

}
