package com.nexefii.gateway.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * kura-deployment-packages/rollout/rolling-upgrade.sh against two real gateways: a good version goes
 * to both, one after the other; a version that fails its health gate is rolled back by the first
 * gateway and never reaches the second.
 */
class RollingUpgradeIT {

    private static final String RUNNING_GOOD = "\"name\":\"" + SimulatorRelease.NAME + "\",\"version\":\"1.0.0\"";

    @Test
    void givenTwoDemoGateways_whenAGoodThenABrokenVersionIsRolledOut_thenTheRolloutStopsAtTheFirstRollback()
            throws Exception {
        Path work = Path.of(System.getProperty("nexefii.e2e.dir"), "rolling-upgrade");
        Path simulator = Path.of(System.getProperty("nexefii.dps"), SimulatorRelease.NAME + ".dp");
        SimulatorRelease good = SimulatorRelease.build(simulator, work.resolve("package"), "1.0.0", false);
        SimulatorRelease broken = SimulatorRelease.build(simulator, work.resolve("package"), "1.0.1", true);
        Map<String, String> configuration = new HashMap<>(GatewayConsoleInstallFlowIT.configuration(good.certificate));
        configuration.put("com.nexefii.gateway.deploy.config", configuration.get("com.nexefii.gateway.deploy.config")
                .replace("healthWindowSeconds=I\"30\"", "healthWindowSeconds=I\"5\""));
        try (GatewayProcess first = GatewayProcess.start(configuration);
                GatewayProcess second = GatewayProcess.start(configuration)) {
            Path fleet = Files.write(work.resolve("gateways.txt"), List.of("# the two demo gateways",
                    "http://127.0.0.1:" + first.port, "http://127.0.0.1:" + second.port));

            Rollout goodRollout = rollOut(fleet, good.file, work.resolve("good-rollout.log"));

            assertThat(goodRollout.exitCode()).as(goodRollout.output()).isZero();
            assertThat(goodRollout.output()).contains("[1/2]", "[2/2]", "All 2 gateway(s) run");
            assertThat(first.get("system/console/deployment.json").body()).contains(RUNNING_GOOD);
            assertThat(second.get("system/console/deployment.json").body()).contains(RUNNING_GOOD);

            Rollout brokenRollout = rollOut(fleet, broken.file, work.resolve("broken-rollout.log"));

            assertThat(brokenRollout.exitCode()).as(brokenRollout.output()).isEqualTo(1);
            assertThat(brokenRollout.output()).contains("STOP: http://127.0.0.1:" + first.port + " answered HTTP 409 Rolled back",
                    "1 gateway(s) not touched").doesNotContain("[2/2]");
            assertThat(first.get("system/console/deployment.json").body()).contains(RUNNING_GOOD);
            assertThat(second.get("system/console/deployment.json").body()).contains(RUNNING_GOOD);
            assertThat(first.log()).contains("Rolling back deployment package " + SimulatorRelease.NAME + " 1.0.1 to 1.0.0");
            assertThat(second.log()).contains(SimulatorRelease.NAME + " 1.0.0").doesNotContain("1.0.1");
        }
    }

    private record Rollout(int exitCode, String output) {
    }

    private static Rollout rollOut(Path fleet, Path dp, Path log) throws Exception {
        Path script = Path.of(System.getProperty("nexefii.rollout.script"));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), fleet.toString(), dp.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("NEXEFII_CONSOLE_USER", GatewayProcess.USER);
        builder.environment().put("NEXEFII_CONSOLE_PASSWORD", GatewayProcess.PASSWORD);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("rollout did not finish within 5 minutes: " + Files.readString(log));
        }
        return new Rollout(process.exitValue(), Files.readString(log));
    }
}
