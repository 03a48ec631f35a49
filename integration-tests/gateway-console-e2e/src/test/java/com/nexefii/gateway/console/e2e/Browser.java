package com.nexefii.gateway.console.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by the system chromedriver (no browser download), a fresh profile
 * per run, a laptop-sized window. Screenshots are kept in target/e2e-screenshots/.
 */
final class Browser implements AutoCloseable {

    final ChromeDriver driver;

    Browser(Path profiles) throws IOException {
        Path chromium = Path.of(System.getProperty("nexefii.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("nexefii.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("headless Chromium is needed: apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createDirectories(profiles).resolve("profile-" + System.nanoTime());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build(), options);
        driver.manage().window().setSize(new Dimension(1366, 1024));
    }

    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    Path screenshot(String name) throws IOException {
        Path directory = Files.createDirectories(Path.of(System.getProperty("nexefii.e2e.dir"), "e2e-screenshots"));
        Path target = directory.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
