package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, rolling upgrades driven by the cloud: the platform admin registers a signed package and rolls it out
 * over the stack's two gateways (two properties) through the REST API; the cloud sends {@code pkg} commands one gateway at
 * a time, each gateway downloads the package over HTTPS from a link signed for it, verifies and installs it
 * behind its health gate and reports every stage as {@code PACKAGE_INSTALL} events. A good version reaches
 * both; a broken version is rolled back by the first gateway on its own, the rollout stops there, and the
 * second gateway is never sent anything. A gateway that is down at its turn is waited for, then skipped (or
 * the rollout stops) as the rollout's policy says; a running rollout can be cancelled; a package and a
 * gateway are in one running rollout at a time (409 problem+json otherwise).
 */
class CloudRollingUpgradeIT {

    private static final Duration ROLLOUT = Duration.ofMinutes(4);

    private final SystemStack stack = SystemStack.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenTwoGateways_whenAGoodThenABrokenVersionIsRolledOutFromTheCloud_thenTheBrokenOneStopsAtTheFirstGateway()
            throws Exception {
        Path work = Files.createDirectories(Path.of(stack.get("NEXEFII_STACK_DIR"), "rollout-e2e"));
        Path good = ProbePackage.build(work, "1.0.0", false);
        Path broken = ProbePackage.build(work, "1.0.1", true);
        String admin = stack.token("platform-admin");
        StackGateway first = new StackGateway(0);
        StackGateway second = new StackGateway(1);
        try (CloudInstalls enabled = this::disableCloudInstalls) {
            enableCloudInstalls(first);
            enableCloudInstalls(second);

            JsonNode goodRollout = rollOut(admin, upload(admin, good), first, second);

            assertThat(goodRollout.path("state").asText()).as(goodRollout.toString()).isEqualTo("COMPLETED");
            assertThat(stages(goodRollout)).containsExactly(first.name() + " INSTALLED", second.name() + " INSTALLED");
            assertThat(first.deploymentPackages()).contains(ProbePackage.NAME, "\"version\":\"1.0.0\"");
            assertThat(second.deploymentPackages()).contains(ProbePackage.NAME, "\"version\":\"1.0.0\"");

            JsonNode brokenRollout = rollOut(admin, upload(admin, broken), first, second);

            assertThat(brokenRollout.path("state").asText()).as(brokenRollout.toString()).isEqualTo("STOPPED");
            assertThat(brokenRollout.path("stoppedAt").path("gatewayId").asText()).isEqualTo(first.id);
            assertThat(brokenRollout.path("stopReason").asText()).startsWith("ROLLED_BACK");
            assertThat(stages(brokenRollout)).as("the second gateway is never sent the broken version")
                    .containsExactly(first.name() + " ROLLED_BACK");
            assertThat(first.deploymentPackages()).as("rolled back by itself").contains(ProbePackage.NAME)
                    .doesNotContain("1.0.1");
            assertThat(second.deploymentPackages()).contains(ProbePackage.NAME).doesNotContain("1.0.1");

            // the gateway's own reports reached the cloud's audit, durable like every event
            String commandId = brokenRollout.path("steps").get(0).path("commandId").asText();
            List<String> reported = new ArrayList<>();
            for (JsonNode e : stack.audit(admin, first.property, "type=PACKAGE_INSTALL")) {
                if (commandId.equals(e.path("commandId").asText())) {
                    reported.add(e.path("attributes").path("stage").asText());
                }
            }
            assertThat(reported).contains("DOWNLOADING", "VERIFYING", "INSTALLING", "HEALTH_CHECK", "ROLLED_BACK");
            assertThat(stack.audit(admin, first.property, "type=PACKAGE_ROLLOUT_STOPPED").toString()).contains(first.id);

            // property admins read what rollouts did on their own gateways only
            String adminB = stack.token("admin-b");
            HttpResponse<String> own = stack.cloudGet(adminB, "/api/v1/properties/hotel-b/package-rollouts");
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            assertThat(stack.cloudGet(adminB, "/api/v1/properties/hotel-a/package-rollouts").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void givenASecondGatewayDown_whenRolledOut_thenItIsWaitedForCancelledOrSkippedPerPolicyAndOverlapsAre409()
            throws Exception {
        Path work = Files.createDirectories(Path.of(stack.get("NEXEFII_STACK_DIR"), "rollout-e2e"));
        String name = ProbePackage.NAME + ".policy";
        String packageId;
        String otherId;
        String admin = stack.token("platform-admin");
        StackGateway up = new StackGateway(0);
        StackGateway down = new StackGateway(1);
        try (CloudInstalls enabled = this::disableCloudInstalls) {
            enableCloudInstalls(up);
            packageId = upload(admin, ProbePackage.build(work, name, "2.0.0", false));
            otherId = upload(admin, ProbePackage.build(work, name + ".other", "1.0.0", false));
            long pid = stack.pid("gateway-" + down.id);
            stack.signal("gateway-" + down.id, "TERM");
            await(down.id + " stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            await(down.id + " offline in the cloud").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> SystemStack.json(stack.cloudGet(admin, "/api/v1/properties/" + down.property
                            + "/gateways/" + down.id).body()).path("status").asText().equals("OFFLINE"));

            // waited for, not sent anything, while the policy's offline wait runs
            String waiting = start(admin, packageId, 3600, "STOP", down).path("rolloutId").asText();
            JsonNode w = await("waiting for " + down.id).atMost(Duration.ofSeconds(30))
                    .until(() -> get(admin, waiting), r -> !r.path("waitingSince").isNull()
                            && !r.path("waitingSince").isMissingNode());
            assertThat(w.path("state").asText()).isEqualTo("RUNNING");
            assertThat(w.path("steps")).as("nothing sent to a gateway that is down").isEmpty();

            // one running rollout per package, and per gateway: 409 problem+json naming the running one
            HttpResponse<String> samePackage = stack.cloudPost(admin, "/api/v1/package-rollouts",
                    body(packageId, 60, "STOP", up));
            assertThat(samePackage.statusCode()).as(samePackage.body()).isEqualTo(409);
            assertThat(samePackage.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(samePackage.body()).contains(waiting, "one rollout per package");
            HttpResponse<String> sameGateway = stack.cloudPost(admin, "/api/v1/package-rollouts",
                    body(otherId, 60, "STOP", down));
            assertThat(sameGateway.statusCode()).as(sameGateway.body()).isEqualTo(409);
            assertThat(sameGateway.body()).contains(waiting, down.name(), "one rollout per gateway");

            // cancel: CANCELLED, audited on the property, and only once
            HttpResponse<String> cancelled = stack.cloudPost(admin, "/api/v1/package-rollouts/" + waiting + "/cancel", "");
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            assertThat(SystemStack.json(cancelled.body()).path("state").asText()).isEqualTo("CANCELLED");
            assertThat(SystemStack.json(cancelled.body()).path("stopReason").asText()).startsWith("CANCELLED by");
            HttpResponse<String> again = stack.cloudPost(admin, "/api/v1/package-rollouts/" + waiting + "/cancel", "");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(stack.audit(admin, down.property, "type=PACKAGE_ROLLOUT_CANCELLED").toString()).contains(waiting);

            // policy SKIP: the gateway that is down is skipped after its wait, the next one installs
            String skipping = start(admin, packageId, 2, "SKIP", down, up).path("rolloutId").asText();
            JsonNode done = await("rollout " + skipping).atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(admin, skipping), r -> !"RUNNING".equals(r.path("state").asText()));
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(stages(done)).as(done.toString()).containsExactly(down.name() + " SKIPPED",
                    up.name() + " INSTALLED");
            assertThat(done.path("steps").get(0).path("detail").asText()).contains("not connected", "SKIP");
            assertThat(up.deploymentPackages()).contains(name, "\"version\":\"2.0.0\"");
            assertThat(stack.audit(admin, down.property, "type=PACKAGE_INSTALL_SKIPPED").toString()).contains(skipping);
        } finally {
            stack.upAgain();
        }
    }

    /**
     * The core package holds the cloud connector that receives the command and reports the result: its update
     * replaces the reporter while the health gate runs. The gateway's installer keeps the outcome in its data
     * area and the new connector reports it, so the rollout completes instead of timing out.
     */
    @Test
    void givenACoreRelease_whenRolledOutToAGateway_thenTheReplacedConnectorsSuccessorReportsTheResult()
            throws Exception {
        Path work = Files.createDirectories(Path.of(stack.get("NEXEFII_STACK_DIR"), "rollout-e2e"));
        Path built = Path.of(System.getenv("NEXEFII_GATEWAY_PACKAGES"), "com.nexefii.dp.core.dp");
        Path core = ProbePackage.revision(built, "99.0.0", "99.0.0.rollout", work.resolve("core"));
        String admin = stack.token("platform-admin");
        StackGateway gateway = new StackGateway(0);
        try (CloudInstalls enabled = this::disableCloudInstalls) {
            enableCloudInstalls(gateway);
            String packageId = upload(admin, core);

            String id = start(admin, packageId, 60, "STOP", gateway).path("rolloutId").asText();
            JsonNode done = await("core rollout " + id).atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(admin, id), r -> !"RUNNING".equals(r.path("state").asText()));

            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(stages(done)).containsExactly(gateway.name() + " UPDATED");
            await("the new core's console page").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> gateway.deploymentPackages().contains("\"version\":\"99.0.0\""));
            String log = Files.readString(Path.of(stack.get("NEXEFII_LOG_DIR"), "gateway-" + gateway.id + ".log"));
            assertThat(log).as("the outcome went through the installer's journal")
                    .contains("kept until the cloud connector reports it", "reported its kept outcome UPDATED");
        }
    }

    private static String body(String packageId, int offlineWaitSeconds, String onOffline, StackGateway... targets) {
        var body = SystemStack.JSON.createObjectNode().put("packageId", packageId).put("stepTimeoutSeconds", 120)
                .put("offlineWaitSeconds", offlineWaitSeconds).put("onOffline", onOffline);
        var list = body.putArray("targets");
        for (StackGateway g : targets) {
            list.addObject().put("propertyId", g.property).put("gatewayId", g.id);
        }
        return body.toString();
    }

    private JsonNode start(String admin, String packageId, int offlineWaitSeconds, String onOffline,
            StackGateway... targets) {
        HttpResponse<String> started = stack.cloudPost(admin, "/api/v1/package-rollouts",
                body(packageId, offlineWaitSeconds, onOffline, targets));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return SystemStack.json(started.body());
    }

    private JsonNode get(String admin, String rolloutId) {
        return SystemStack.json(stack.cloudGet(admin, "/api/v1/package-rollouts/" + rolloutId).body());
    }

    /** One of the stack's two gateways (runtime + provisioned packages, so it has the installer). */
    private final class StackGateway {
        final String id;
        final String property;
        final int index;

        StackGateway(int index) {
            this.index = index;
            this.id = stack.get("NEXEFII_GATEWAY_" + index + "_ID");
            this.property = stack.get("NEXEFII_GATEWAY_" + index + "_PROPERTY");
        }

        String name() {
            return property + "/" + id;
        }

        Path config() {
            return Path.of(stack.get("NEXEFII_STACK_DIR"), "gateways", id, "config");
        }

        String deploymentPackages() throws IOException, InterruptedException {
            String console = stack.get("NEXEFII_GATEWAY_" + index + "_CONSOLE_URL");
            return http.send(HttpRequest.newBuilder(URI.create(console + "/deployment.json"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:"
                            + stack.get("NEXEFII_GATEWAY_" + index + "_CONSOLE_PASSWORD")).getBytes()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static final String DOWNLOAD_CONFIG = "com.nexefii.gateway.deploy.download.config";

    /** FileInstall applies it within seconds; the connector then takes package commands. */
    private void enableCloudInstalls(StackGateway g) throws IOException {
        Files.writeString(g.config().resolve(DOWNLOAD_CONFIG), "cloudCaCertificateFiles=[\""
                + stack.get("NEXEFII_PKI_DIR") + "/ca.crt\"]\nallowedUrlPrefixes=[\"" + stack.get("NEXEFII_CLOUD_HTTPS_URL")
                + "/api/v1/package-downloads/\"]\n");
        // wait until the gateway took it: its download service shows in the console's components
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            String console = stack.get("NEXEFII_GATEWAY_" + g.index + "_CONSOLE_URL");
            String components = http.send(HttpRequest.newBuilder(URI.create(console + "/components.json"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:"
                            + stack.get("NEXEFII_GATEWAY_" + g.index + "_CONSOLE_PASSWORD")).getBytes()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            int at = components.indexOf("RemotePackageInstallerComponent");
            return at >= 0 && components.substring(at, Math.min(components.length(), at + 400)).contains("active");
        });
    }

    /** Closes last: the stack's gateways go back to refusing cloud installs. */
    @FunctionalInterface
    private interface CloudInstalls extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private void disableCloudInstalls() throws IOException {
        for (int i = 0; i < 2; i++) {
            Files.deleteIfExists(new StackGateway(i).config().resolve(DOWNLOAD_CONFIG));
        }
    }

    private String upload(String admin, Path dp) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.cloud() + "/api/v1/packages"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(dp)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return SystemStack.json(r.body()).path("packageId").asText();
    }

    /** Starts a rollout over the two gateways, in order, and waits until it is no longer RUNNING. */
    private JsonNode rollOut(String admin, String packageId, StackGateway first, StackGateway second) {
        var body = SystemStack.JSON.createObjectNode().put("packageId", packageId).put("stepTimeoutSeconds", 120);
        var targets = body.putArray("targets");
        for (StackGateway g : List.of(first, second)) {
            targets.addObject().put("propertyId", g.property).put("gatewayId", g.id);
        }
        HttpResponse<String> started = stack.cloudPost(admin, "/api/v1/package-rollouts", body.toString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = SystemStack.json(started.body()).path("rolloutId").asText();
        JsonNode[] last = new JsonNode[1];
        await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            last[0] = SystemStack.json(stack.cloudGet(admin, "/api/v1/package-rollouts/" + id).body());
            return !"RUNNING".equals(last[0].path("state").asText());
        });
        return last[0];
    }

    private static List<String> stages(JsonNode rollout) {
        List<String> stages = new ArrayList<>();
        for (JsonNode step : rollout.path("steps")) {
            stages.add(step.path("propertyId").asText() + "/" + step.path("gatewayId").asText() + " "
                    + step.path("stage").asText());
        }
        return stages;
    }
}
