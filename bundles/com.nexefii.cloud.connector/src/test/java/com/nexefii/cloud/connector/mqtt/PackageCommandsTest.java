package com.nexefii.cloud.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.testing.RecordingPublisher;

/**
 * Open-box: package commands are checked like the contract's schema says, refused once with a REFUSED event,
 * never handed over twice, and every stage the installer reports becomes a schema-valid event.
 */
class PackageCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path data;
    private ExecutedCommands executed;
    private final RecordingPublisher publisher = new RecordingPublisher("hotel-a", "gw-a1");
    private final List<String> handedOver = new ArrayList<>();
    private BiConsumer<String, Map<String, String>> installerStages;
    private final List<PackageInstalls.Outcome> kept = new ArrayList<>();
    private PackageInstalls installs = new PackageInstalls() {
        @Override
        public void install(String id, String name, String version, URI url, String sha256, long size,
                BiConsumer<String, Map<String, String>> stages) {
            handedOver.add(id + " " + name + " " + version + " " + url + " " + sha256 + " " + size);
            installerStages = stages;
        }

        @Override
        public List<Outcome> unreported() {
            return List.copyOf(kept);
        }

        @Override
        public void reported(String commandId) {
            kept.removeIf(o -> o.commandId().equals(commandId));
        }
    };

    @BeforeEach
    void open() throws Exception {
        executed = new ExecutedCommands(data.resolve("replay"), Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        executed.close();
    }

    private PackageCommands commands() {
        return new PackageCommands("hotel-a", "gw-a1", Duration.ofHours(1), executed, publisher, () -> installs,
                new Counters(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static String command(String commandId, String gateway, String url, String expiresAt) {
        return "{\"v\":1,\"commandId\":\"" + commandId + "\",\"propertyId\":\"hotel-a\",\"gatewayId\":\"" + gateway
                + "\",\"package\":{\"name\":\"com.nexefii.dp.lock.ble\",\"version\":\"1.2.0\",\"url\":\"" + url
                + "\",\"sha256\":\"" + SHA + "\",\"size\":48213},\"issuedAt\":\"2026-11-25T09:59:59Z\",\"expiresAt\":\""
                + expiresAt + "\"}";
    }

    @Test
    void givenAValidCommand_whenHandled_thenItIsHandedOverOnceAndEachStageBecomesASchemaValidEvent() throws Exception {
        String id = UUID.randomUUID().toString();
        String payload = command(id, "gw-a1", "https://cloud.example/api/v1/package-downloads/x?s=1",
                "2026-11-25T10:15:00Z");

        commands().handle(bytes(payload));
        installerStages.accept("DOWNLOADING", Map.of("detail", "48213 bytes"));
        installerStages.accept("UPDATED", Map.of("previousVersion", "1.1.0", "runningVersion", "1.2.0"));
        commands().handle(bytes(payload));

        assertThat(handedOver).containsExactly(id + " com.nexefii.dp.lock.ble 1.2.0 "
                + "https://cloud.example/api/v1/package-downloads/x?s=1 " + SHA + " 48213");
        assertThat(publisher.events()).extracting(e -> e.attributes().get("stage"))
                .containsExactly("DOWNLOADING", "UPDATED", "REFUSED");
        assertThat(publisher.events().get(2).attributes().get("reason")).startsWith("duplicate");
        for (LockEvent event : publisher.events()) {
            JsonNode wire = JSON.readTree(Payloads.event(event));
            assertThat(ContractSchemas.validate("event", wire)).isEmpty();
            assertThat(wire.path("commandId").asText()).isEqualTo(id);
        }
    }

    @Test
    void givenAnOutcomeTheInstallerKept_whenTheNewConnectorReportsKeptOutcomes_thenItBecomesOneEventAndIsForgotten()
            throws Exception {
        // the core package replaced the connector that asked: the installer kept the outcome
        String id = UUID.randomUUID().toString();
        kept.add(new PackageInstalls.Outcome(id, "com.nexefii.dp.core", "1.3.0", "UPDATED",
                Map.of("previousVersion", "1.2.0", "runningVersion", "1.3.0")));
        PackageCommands commands = commands();

        assertThat(commands.reportKept()).isEqualTo(1);
        assertThat(commands.reportKept()).as("forgotten once reported").isZero();

        assertThat(kept).isEmpty();
        assertThat(publisher.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LockEventType.PACKAGE_INSTALL);
            assertThat(e.attributes()).containsEntry("commandId", id).containsEntry("stage", "UPDATED")
                    .containsEntry("package", "com.nexefii.dp.core").containsEntry("version", "1.3.0")
                    .containsEntry("runningVersion", "1.3.0");
            assertThat(ContractSchemas.validate("event", JSON.readTree(Payloads.event(e)))).isEmpty();
        });
    }

    @Test
    void givenAStoreThatRefusesEvents_whenKeptOutcomesAreReported_thenTheInstallerKeepsThemForTheNextRound() {
        kept.add(new PackageInstalls.Outcome(UUID.randomUUID().toString(), "com.nexefii.dp.core", "1.3.0", "UPDATED",
                Map.of()));
        RecordingPublisher noStore = new RecordingPublisher("hotel-a", "gw-a1");
        noStore.refusing(true);
        PackageCommands refusing = new PackageCommands("hotel-a", "gw-a1", Duration.ofHours(1), executed, noStore,
                () -> installs, new Counters(), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(refusing.reportKept()).isZero();

        assertThat(kept).hasSize(1);
    }

    @Test
    void givenAGatewayWithoutCloudInstalls_whenHandled_thenTheCommandIsRefusedWithTheReason() throws Exception {
        installs = null;

        commands().handle(bytes(command(UUID.randomUUID().toString(), "gw-a1", "https://cloud.example/p",
                "2026-11-25T10:15:00Z")));

        assertThat(publisher.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LockEventType.PACKAGE_INSTALL);
            assertThat(e.attributes()).containsEntry("stage", "REFUSED");
            assertThat(e.attributes().get("reason")).startsWith("not-configured");
        });
    }

    @Test
    void givenAnExpiredOrForeignCommand_whenHandled_thenItIsRefusedAndNothingIsHandedOver() throws Exception {
        commands().handle(bytes(command(UUID.randomUUID().toString(), "gw-a1", "https://cloud.example/p",
                "2026-11-25T09:59:00Z")));
        commands().handle(bytes(command(UUID.randomUUID().toString(), "gw-b1", "https://cloud.example/p",
                "2026-11-25T10:15:00Z")));

        assertThat(handedOver).isEmpty();
        assertThat(publisher.events()).extracting(e -> e.attributes().get("reason").split(":")[0])
                .containsExactly("expired", "wrong-gateway");
    }

    @Test
    void givenAPlainHttpUrl_whenHandled_thenItIsRefusedAsASchemaViolation() throws Exception {
        commands().handle(bytes(command(UUID.randomUUID().toString(), "gw-a1", "http://cloud.example/p",
                "2026-11-25T10:15:00Z")));

        assertThat(handedOver).isEmpty();
        assertThat(publisher.events()).singleElement()
                .satisfies(e -> assertThat(e.attributes().get("reason")).startsWith("schema: package.url"));
    }

    @Test
    void givenGarbage_whenHandled_thenAGatewayAlarmIsRaised() {
        commands().handle(bytes("{\"v\":1,"));

        assertThat(publisher.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LockEventType.GATEWAY_ALARM);
            assertThat(e.attributes()).containsEntry("alarm", "command-rejected").containsEntry("channel", "pkg");
        });
    }

    @ParameterizedTest(name = "validator and schema agree on: {0}")
    @ValueSource(strings = {
        "valid",
        "http-url",
        "uppercase-hash",
        "zero-size",
        "extra-field",
        "extra-package-field",
        "bad-version",
        "no-package",
        "bad-rollout-id"
    })
    void givenAPayload_whenCheckedByHandAndBySchema_thenBothAgree(String variant) throws Exception {
        String good = command(UUID.randomUUID().toString(), "gw-a1", "https://cloud.example/p", "2026-11-25T10:15:00Z");
        String payload = switch (variant) {
            case "valid" -> good;
            case "http-url" -> good.replace("https://", "http://");
            case "uppercase-hash" -> good.replace(SHA, SHA.toUpperCase());
            case "zero-size" -> good.replace("48213", "0");
            case "extra-field" -> good.replace("\"v\":1,", "\"v\":1,\"lockId\":\"sim-a-101\",");
            case "extra-package-field" -> good.replace("\"size\":48213", "\"size\":48213,\"signer\":\"x\"");
            case "bad-version" -> good.replace("1.2.0", "1.2.0-SNAPSHOT");
            case "no-package" -> good.replaceAll("\"package\":\\{[^}]*\\},", "");
            case "bad-rollout-id" -> good.replace("\"v\":1,", "\"v\":1,\"rolloutId\":\"r1\",");
            default -> throw new IllegalArgumentException(variant);
        };
        boolean schemaValid = ContractSchemas.validate("package-install", JSON.readTree(payload)).isEmpty();
        boolean handValid = PackageCommands.schemaError(JSON.readTree(payload)) == null;

        assertThat(handValid).isEqualTo(schemaValid).isEqualTo("valid".equals(variant));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
