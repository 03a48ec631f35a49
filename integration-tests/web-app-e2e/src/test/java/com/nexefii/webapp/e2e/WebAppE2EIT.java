package com.nexefii.webapp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web app in headless Chromium against the real stack: sign-in through Keycloak (code + PKCE),
 * the guest's key and door, the staff's live alerts, the front desk revoking a key, and tenant
 * isolation as a user sees it.
 */
class WebAppE2EIT {

    private static E2eStack stack;
    private static SimulatedGateway gatewayA;
    private static SimulatedGateway gatewayB;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        gatewayA = new SimulatedGateway(stack, "hotel-a", "gw-a1").online("a-101", "a-102", "a-103");
        gatewayB = new SimulatedGateway(stack, "hotel-b", "gw-b1").online("b-201");
        String staffA = stack.token("staff-a");
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.get("/api/v1/properties/hotel-a/locks", staffA).body()
                .findValuesAsText("lockId").contains("a-103"));
        String staffB = stack.token("staff-b");
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.get("/api/v1/properties/hotel-b/locks", staffB).body()
                .findValuesAsText("lockId").contains("b-201"));
    }

    @AfterAll
    static void gateways() {
        gatewayA.close();
        gatewayB.close();
    }

    @Test
    void givenACheckedInGuest_whenSigningInTakingTheKeyAndOpeningTheDoor_thenTheDoorOpensAndTheNotificationArrives() {
        stack.checkIn(stack.token("staff-a"), "hotel-a", "guest-a1", List.of("a-101"));
        try (Browser guest = new Browser("guest-a1")) {
            guest.signIn(stack.appUrl(), "guest-a1", "test-guest-a1-pass");
            assertThat(guest.driver.getCurrentUrl()).as("the code and state are gone from the address bar")
                    .doesNotContain("code=").doesNotContain("state=");
            assertThat(guest.driver.executeScript("return JSON.stringify(sessionStorage)").toString())
                    .as("no password anywhere in the app's storage").doesNotContain("test-guest-a1-pass");

            guest.click(By.id("request-key"), Duration.ofSeconds(10));
            guest.await(By.cssSelector("tr[data-status='active']"), Duration.ofSeconds(10));
            guest.screenshot("01-guest-key-ready");

            guest.click(By.cssSelector("button.door-button[data-lock-id='a-101']"), Duration.ofSeconds(10));
            guest.await(By.cssSelector("#toasts li[data-kind='door-opened'], #my-notifications li[data-kind='door-opened']"),
                    Duration.ofSeconds(10));
            guest.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("door-status")).getText()
                    .equals("Door a-101 is open (through the cloud)."));
            assertThat(guest.attribute(By.id("door-status"), "data-path", Duration.ofSeconds(1)))
                    .as("no gateway address on this device: the cloud path, and the app says so").isEqualTo("cloud");
            assertThat(gatewayA.commands).anySatisfy(c -> {
                assertThat(c.path("type").asText()).isEqualTo("UNLOCK");
                assertThat(c.path("lockId").asText()).isEqualTo("a-101");
                assertThat(c.path("issuedBy").asText()).isEqualTo("guest-a1");
            });
            guest.screenshot("02-guest-door-opened");

            assertThat(guest.unnamedControls()).as("every control has an accessible name").isEmpty();
            guest.waitUpTo(Duration.ofSeconds(10)).until(d -> !guest.cachedUrls().isEmpty());
            assertThat(guest.cachedUrls()).as("the service worker caches the app shell, never the API")
                    .anyMatch(u -> u.endsWith("/app/js/main.js")).noneMatch(u -> u.contains("/api/"))
                    .noneMatch(u -> u.contains("/realms/"));

            guest.go(stack.appUrl(), "#/me/history");
            guest.await(By.cssSelector(".view table"), Duration.ofSeconds(10));
            assertThat(guest.driver.findElement(By.id("main")).getText()).contains("mobile key issued");
            guest.screenshot("03-guest-history");
        }
    }

    @Test
    void givenStaffWatchingAlerts_whenASimulatedLockReportsItsDoorAjar_thenTheAlertShowsWithinTwoSeconds() {
        try (Browser staff = new Browser("staff-a")) {
            staff.signIn(stack.appUrl(), "staff-a", "test-staff-a-pass");
            staff.go(stack.appUrl(), "#/alerts");
            staff.await(By.cssSelector("#alerts-feed[data-loaded='true']"), Duration.ofSeconds(10));

            gatewayA.event("DOOR_AJAR", "a-102", "SECURITY", Map.of());

            WebElement alert = staff.await(By.cssSelector("#alerts-feed li[data-type='DOOR_AJAR'][data-lock-id='a-102']"),
                    Duration.ofSeconds(2));
            assertThat(alert.getText()).contains("Door a-102 is ajar");
            staff.await(By.cssSelector("#toasts li[data-kind='alert']"), Duration.ofSeconds(2));
            assertThat(staff.driver.findElement(By.id("toasts")).getText()).contains("Door a-102 is ajar");
            staff.screenshot("04-staff-door-ajar-alert");

            staff.go(stack.appUrl(), "#/doors");
            staff.waitUpTo(Duration.ofSeconds(10)).until(d -> "AJAR".equals(d.findElement(
                    By.cssSelector("tr[data-lock-id='a-102']")).getAttribute("data-door-state")));
            staff.click(By.cssSelector("tr[data-lock-id='a-102'] button[aria-label='Unlock a-102']"), Duration.ofSeconds(10));
            staff.waitUpTo(Duration.ofSeconds(10)).until(d -> "UNLOCKED".equals(d.findElement(
                    By.cssSelector("tr[data-lock-id='a-102']")).getAttribute("data-bolt-state")));
            staff.screenshot("05-staff-doors-live");
        }
    }

    @Test
    void givenAGuestWithAKey_whenTheFrontDeskRevokesIt_thenTheGuestsAppShowsItRevoked() {
        String stayId = stack.checkIn(stack.token("staff-a"), "hotel-a", "guest-a2", List.of("a-103"));
        try (Browser guest = new Browser("guest-a2"); Browser admin = new Browser("admin-a")) {
            guest.signIn(stack.appUrl(), "guest-a2", "test-guest-a2-pass");
            guest.click(By.id("request-key"), Duration.ofSeconds(10));
            String credentialId = guest.attribute(By.cssSelector("tr[data-status='active']"), "data-credential-id",
                    Duration.ofSeconds(10));

            admin.signIn(stack.appUrl(), "admin-a", "test-admin-a-pass");
            admin.go(stack.appUrl(), "#/stays");
            admin.click(By.xpath("//tr[@data-stay-id='" + stayId + "']//button[text()='Show keys']"), Duration.ofSeconds(10));
            admin.click(By.cssSelector("tr[data-stay-id='" + stayId + "'] li[data-credential-id='" + credentialId + "'] button"),
                    Duration.ofSeconds(10));
            admin.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("stay-status")).getText().contains("revoked"));
            admin.screenshot("06-admin-key-revoked");

            guest.await(By.cssSelector("tr[data-credential-id='" + credentialId + "'][data-status='revoked']"),
                    Duration.ofSeconds(10));
            guest.await(By.cssSelector("#my-notifications li[data-kind='key-revoked']"), Duration.ofSeconds(5));
            guest.screenshot("07-guest-sees-key-revoked");
        }
    }

    @Test
    void givenTheFrontDesk_whenTheApiRefusesARequest_thenTheProblemDetailsAreShown() {
        try (Browser admin = new Browser("admin-a-errors")) {
            admin.signIn(stack.appUrl(), "admin-a", "test-admin-a-pass");
            admin.go(stack.appUrl(), "#/stays");
            admin.await(By.id("checkin-holder"), Duration.ofSeconds(10)).sendKeys("guest-a1");
            admin.driver.findElement(By.id("checkin-locks")).sendKeys("no-such-door");
            admin.click(By.id("checkin-submit"), Duration.ofSeconds(5));
            assertThat(admin.unnamedControls()).as("every form control of the front desk is labelled").isEmpty();
            WebElement error = admin.await(By.cssSelector("#error-region [data-testid='error']"), Duration.ofSeconds(10));
            assertThat(error.getText()).contains("no-such-door");
            admin.screenshot("08-admin-problem-details");

            admin.go(stack.appUrl(), "#/analytics");
            admin.await(By.id("denied-total"), Duration.ofSeconds(10));
            assertThat(admin.unnamedControls()).isEmpty();
            assertThat(admin.driver.findElement(By.id("analytics")).getText()).contains("Lock batteries").contains("gw-a1");
            admin.screenshot("09-admin-analytics");
            admin.go(stack.appUrl(), "#/gateways");
            admin.await(By.cssSelector("tr[data-gateway-id='gw-a1'][data-status='ONLINE']"), Duration.ofSeconds(10));
            admin.screenshot("10-admin-gateways");
        }
    }

    @Test
    void givenStaffOfHotelB_whenHotelAHasAnAlarm_thenTheySeeNothingOfHotelA() {
        try (Browser staff = new Browser("staff-b")) {
            staff.signIn(stack.appUrl(), "staff-b", "test-staff-b-pass");
            staff.await(By.cssSelector("tr[data-lock-id='b-201']"), Duration.ofSeconds(10));
            staff.go(stack.appUrl(), "#/alerts");
            staff.await(By.cssSelector("#alerts-feed[data-loaded='true']"), Duration.ofSeconds(10));

            gatewayA.event("DOOR_FORCED", "a-101", "SECURITY", Map.of());
            gatewayB.event("DOOR_AJAR", "b-201", "SECURITY", Map.of());

            staff.await(By.cssSelector("#alerts-feed li[data-lock-id='b-201']"), Duration.ofSeconds(5));
            assertThat(staff.driver.findElement(By.id("main")).getText()).doesNotContain("a-101").doesNotContain("hotel-a");
            assertThat(staff.driver.findElement(By.id("toasts")).getText()).doesNotContain("a-101");
            staff.go(stack.appUrl(), "#/doors");
            staff.await(By.cssSelector("tr[data-lock-id='b-201']"), Duration.ofSeconds(10));
            assertThat(staff.driver.findElements(By.cssSelector("tr[data-lock-id^='a-']"))).isEmpty();
            staff.screenshot("11-hotel-b-staff-isolated");

            // and asking for hotel A directly is answered as if it did not exist
            Object status = staff.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const t = JSON.parse(sessionStorage.getItem('nexefii.oidc.tokens')).accessToken;
                    fetch('../api/v1/properties/hotel-a/locks', {headers: {Authorization: 'Bearer ' + t}})
                      .then(r => done(r.status), e => done(String(e)));""");
            assertThat(status).isEqualTo(404L);
        }
    }
}
