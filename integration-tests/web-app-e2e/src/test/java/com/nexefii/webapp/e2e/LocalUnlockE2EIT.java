package com.nexefii.webapp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * "Open my door" on the hotel network: the property admin sets the real gateway's local API address
 * in the cloud, the guest's app gets it with the stay and calls the gateway (HTTPS with a certificate
 * from the stack's CA, CORS for the app's origin) with the guest's mobile key, says which path opened
 * the door, and falls back to the cloud when the gateway cannot be reached.
 */
class LocalUnlockE2EIT {

    private static final String LOCK = "sim-001";
    private static E2eStack stack;
    private static String gatewayUrl;

    @BeforeAll
    static void stackWithARealGateway() {
        stack = E2eStack.get();
        gatewayUrl = stack.gatewayLocalApiUrl(E2eStack.REAL_GATEWAY);
        String staff = stack.token("staff-a");
        await("gw-a2 online with " + LOCK).atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode gateway = stack.get("/api/v1/properties/hotel-a/gateways/" + E2eStack.REAL_GATEWAY, staff).body();
            return "ONLINE".equals(gateway.path("status").asText()) && stack.get("/api/v1/properties/hotel-a/gateways/"
                    + E2eStack.REAL_GATEWAY + "/locks", staff).body().findValuesAsText("lockId").contains(LOCK);
        });
    }

    /** SHA-256 of the gateway certificate's public key, base64: what Chromium's SPKI list takes. */
    private static String spkiHash(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getPublicKey().getEncoded()));
        }
    }

    /** An HTTPS client that trusts only the stack's development CA (and checks the host name). */
    private static HttpClient trustingTheDevCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(stack.value("NEXEFII_TLS_TRUSTSTORE")))) {
            trust.load(in, stack.value("NEXEFII_TLS_TRUSTSTORE_PASSWORD").toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static long cloudUnlocksByTheGuest(String staff) {
        JsonNode page = stack.get("/api/v1/properties/hotel-a/commands", staff).body();
        JsonNode items = page.isArray() ? page : page.path("items");
        long n = 0;
        for (JsonNode c : items) {
            if (LOCK.equals(c.path("lockId").asText()) && "guest-a2".equals(c.path("issuedBy").asText())) {
                n++;
            }
        }
        return n;
    }

    /** The status line once the attempt is over: open (by either path), refused or failed. */
    private static boolean finalDoorStatus(String text) {
        return text.matches("Door \\S+ is open \\(.*\\)\\.") || text.startsWith("Could not") || text.contains("did not open");
    }

    @Test
    void givenTheGatewaysCertificateFromTheDevCa_whenAPagePreflights_thenOnlyTheAppOriginIsAllowed() throws Exception {
        HttpClient client = trustingTheDevCa();
        URI unlock = URI.create(gatewayUrl + "/api/v1/locks/" + LOCK + "/unlock");
        HttpResponse<String> app = client.send(HttpRequest.newBuilder(unlock).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", stack.cloudUrl()).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(app.statusCode()).as(app.body()).isEqualTo(204);
        assertThat(app.headers().firstValue("Access-Control-Allow-Origin")).hasValue(stack.cloudUrl());
        assertThat(app.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("authorization");

        HttpResponse<String> other = client.send(HttpRequest.newBuilder(unlock).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(other.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void givenAGuestOnTheHotelNetwork_whenOpeningTheDoor_thenTheGatewayOpensItLocallyAndTheCloudAuditsIt_andWithoutTheGatewayTheCloudDoes()
            throws Exception {
        String staff = stack.token("staff-a");
        String admin = stack.token("admin-a");
        String localApi = "/api/v1/properties/hotel-a/gateways/" + E2eStack.REAL_GATEWAY + "/local-api";
        // the hotel tells its guests where the gateway answers on its network: once, in the cloud, per gateway
        assertThat(stack.put(localApi, admin, java.util.Map.of("localApiUrl", gatewayUrl)).status()).isEqualTo(200);
        String spki = spkiHash(stack.pki(E2eStack.REAL_GATEWAY + "-local-api.crt"));
        // a reused stack may hold this guest's earlier cloud unlocks
        long cloudUnlocksBefore = cloudUnlocksByTheGuest(staff);
        try (Browser guest = new Browser("guest-local", "--ignore-certificate-errors-spki-list=" + spki)) {
            stack.checkIn(staff, "hotel-a", "guest-a2", List.of(LOCK));
            JsonNode stays = stack.get("/api/v1/me/stays", stack.token("guest-a2")).body();
            assertThat(stays.findValues("localApiUrls").stream().map(m -> m.path(LOCK).asText()))
                    .as("the stay carries the door's gateway address").contains(gatewayUrl.replaceAll("/$", ""));
            guest.signIn(stack.appUrl(), "guest-a2", "test-guest-a2-pass");

            // nothing set on this device: the address comes with the stay
            guest.go(stack.appUrl(), "#/me");
            // no key on this device yet: the app fetches one for the stay that has this door, then opens it locally
            guest.click(By.cssSelector("button.door-button[data-lock-id='" + LOCK + "']"), Duration.ofSeconds(10));
            guest.waitUpTo(Duration.ofSeconds(30)).until(d -> finalDoorStatus(d.findElement(By.id("door-status")).getText()));
            guest.screenshot("20-guest-door-opened-on-the-hotel-network");
            assertThat(guest.driver.findElement(By.id("door-status")).getText())
                    .as("door status (error shown: %s; fell back because: %s)", guest.driver.findElement(By.id("error-region")).getText(),
                            guest.driver.findElement(By.id("door-status")).getAttribute("data-fallback"))
                    .isEqualTo("Door " + LOCK + " is open (through the hotel network).");
            assertThat(guest.attribute(By.id("door-status"), "data-path", Duration.ofSeconds(1))).isEqualTo("local");

            // the gateway decided and opened it; its events reach the cloud's audit trail
            await("the local unlock in the cloud's audit").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode granted = stack.get("/api/v1/properties/hotel-a/audit?lockId=" + LOCK + "&type=ACCESS_GRANTED",
                        staff).body().path("items");
                assertThat(granted.findValuesAsText("gatewayId")).contains(E2eStack.REAL_GATEWAY);
                JsonNode unlocked = stack.get("/api/v1/properties/hotel-a/audit?lockId=" + LOCK + "&type=UNLOCKED",
                        staff).body().path("items");
                assertThat(unlocked.findValuesAsText("gatewayId")).contains(E2eStack.REAL_GATEWAY);
            });
            assertThat(cloudUnlocksByTheGuest(staff)).as("no cloud command was needed").isEqualTo(cloudUnlocksBefore);
            // the key the app fetched and holds on this device (sessionStorage only)
            String credentialId = guest.driver.executeScript(
                    "return Object.keys(JSON.parse(sessionStorage.getItem('nexefii.mobile-keys') || '{}'))[0]").toString();

            // off the hotel network (this device's address, typed and saved with the keyboard, does not
            // answer): the cloud opens the door
            guest.go(stack.appUrl(), "#/settings");
            WebElement address = guest.await(By.id("gateway-url"), Duration.ofSeconds(10));
            address.clear();
            address.sendKeys("https://127.0.0.1:1", Keys.ENTER);
            guest.go(stack.appUrl(), "#/me");
            guest.click(By.cssSelector("button.door-button[data-lock-id='" + LOCK + "']"), Duration.ofSeconds(10));
            guest.waitUpTo(Duration.ofSeconds(40)).until(d -> d.findElement(By.id("door-status")).getText()
                    .equals("Door " + LOCK + " is open (through the cloud)."));
            assertThat(guest.attribute(By.id("door-status"), "data-path", Duration.ofSeconds(1))).isEqualTo("cloud");
            assertThat(cloudUnlocksByTheGuest(staff)).isEqualTo(cloudUnlocksBefore + 1);
            // the key is the guest's; other tests of this stack expect guest-a2 to hold no other active key
            assertThat(stack.post("/api/v1/properties/hotel-a/credentials/" + credentialId + "/revoke", staff,
                    java.util.Map.of("reason", "end of test"), false).status()).isEqualTo(200);
            guest.screenshot("21-guest-door-opened-through-the-cloud");
        } finally {
            stack.put(localApi, admin, java.util.Collections.singletonMap("localApiUrl", null));
        }
    }
}
