package com.nexefii.webapp.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by the system chromedriver (no browser download), with a fresh
 * profile per browser and a phone-sized window. Screenshots go to target/e2e-screenshots/.
 */
public final class Browser implements AutoCloseable {

    public final ChromeDriver driver;
    private final Path profile;

    /**
     * @param extraArguments more Chromium switches, e.g. {@code --ignore-certificate-errors-spki-list=<hash>} to
     *                       trust one development certificate (never {@code --ignore-certificate-errors})
     */
    public Browser(String name, String... extraArguments) {
        try {
            profile = Files.createDirectories(E2eStack.targetDir().resolve("chromium-profiles"))
                    .resolve(name + "-" + System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path chromium = Path.of(System.getProperty("nexefii.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("nexefii.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("headless Chromium is needed: apt-get install -y chromium chromium-driver"
                    + " (or set -Dnexefii.chromium and -Dnexefii.chromedriver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile);
        for (String argument : extraArguments) {
            if (argument.startsWith("--ignore-certificate-errors") && !argument.startsWith("--ignore-certificate-errors-spki-list=")) {
                throw new IllegalArgumentException("trust one certificate by its key hash, never all: " + argument);
            }
            options.addArguments(argument);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        // a phone: the app must work on a small screen
        driver.manage().window().setSize(new Dimension(412, 915));
    }

    /** Views re-render when notifications arrive: a stale element is retried, not a failure. */
    public WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    public void click(By by, Duration timeout) {
        waitUpTo(timeout).ignoring(ElementClickInterceptedException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    public String attribute(By by, String name, Duration timeout) {
        return waitUpTo(timeout).until(d -> d.findElement(by).getAttribute(name));
    }

    public WebElement await(By by, Duration timeout) {
        return waitUpTo(timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Signs in through Keycloak's own login page: the app never sees the password. */
    public void signIn(String appUrl, String user, String password) {
        driver.get(appUrl);
        click(By.id("login"), Duration.ofSeconds(20));
        await(By.id("username"), Duration.ofSeconds(20)).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        await(By.cssSelector("#nav a"), Duration.ofSeconds(20));
        waitUpTo(Duration.ofSeconds(10)).until(d -> "open".equals(d.findElement(By.id("stream-state")).getAttribute("data-state")));
    }

    public void go(String appUrl, String route) {
        click(By.cssSelector("#nav a[href='" + route + "']"), Duration.ofSeconds(10));
        await(By.cssSelector(".view[data-view='" + route.substring(2) + "']"), Duration.ofSeconds(10));
    }

    /** Form controls and buttons without an accessible name (label, aria-label or text), as "tag#id" strings. */
    @SuppressWarnings("unchecked")
    public java.util.List<String> unnamedControls() {
        return (java.util.List<String>) driver.executeScript("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(el => el.offsetParent !== null)
                  .filter(el => !((el.labels && el.labels.length) || el.getAttribute('aria-label')
                      || el.getAttribute('aria-labelledby') || el.textContent.trim()))
                  .map(el => el.tagName.toLowerCase() + '#' + (el.id || '?'));""");
    }

    /** Request URLs held in the service worker's caches. */
    @SuppressWarnings("unchecked")
    public java.util.List<String> cachedUrls() {
        return (java.util.List<String>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const urls = [];
                  for (const name of await caches.keys()) {
                    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
                  }
                  return urls;
                })().then(done, e => done(['error: ' + e]));""");
    }

    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(E2eStack.targetDir().resolve("e2e-screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
