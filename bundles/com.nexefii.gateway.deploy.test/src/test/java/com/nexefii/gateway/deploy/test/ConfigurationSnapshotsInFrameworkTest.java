package com.nexefii.gateway.deploy.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.nexefii.gateway.deploy.ConfigurationSnapshot;
import com.nexefii.gateway.deploy.ConfigurationSnapshots;
import com.nexefii.gateway.deploy.RestoreReport;

class ConfigurationSnapshotsInFrameworkTest {

    private static final String PLAIN = "com.nexefii.test.snapshot.plain";
    private static final String FACTORY = "com.nexefii.test.snapshot.factory";
    private static final String LATER = "com.nexefii.test.snapshot.later";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    @InjectService(timeout = 10_000)
    ConfigurationSnapshots snapshots;

    @AfterEach
    void deleteTestConfigurations() throws Exception {
        Configuration[] all = configurationAdmin.listConfigurations("(|(service.pid=com.nexefii.test.*)"
                + "(service.factoryPid=com.nexefii.test.*))");
        if (all != null) {
            for (Configuration configuration : all) {
                configuration.delete();
            }
        }
    }

    @Test
    void givenASnapshot_whenConfigurationChangesAndTheSnapshotIsRestored_thenEveryValueAndTypeIsBack()
            throws Exception {
        Configuration plain = configurationAdmin.getConfiguration(PLAIN, "?");
        plain.update(properties("count", 3, "big", 5_000_000_000L, "ratio", 0.25d, "names",
                new String[] { "a", "b" }, "flags", new int[] { 1, 2 }));
        Configuration named = configurationAdmin.getFactoryConfiguration(FACTORY, "one", "?");
        named.update(properties("enabled", true));
        ConfigurationSnapshot snapshot = snapshots.take("test baseline");

        plain.update(properties("count", 4));
        named.delete();
        configurationAdmin.getConfiguration(LATER, "?").update(properties("x", "y"));
        RestoreReport report = snapshots.restore(snapshot.id());

        Dictionary<String, Object> restored = configurationAdmin.getConfiguration(PLAIN, "?").getProperties();
        assertThat(restored.get("count")).isEqualTo(3);
        assertThat(restored.get("big")).isEqualTo(5_000_000_000L);
        assertThat(restored.get("ratio")).isEqualTo(0.25d);
        assertThat((String[]) restored.get("names")).containsExactly("a", "b");
        assertThat((int[]) restored.get("flags")).containsExactly(1, 2);
        assertThat(configurationAdmin.listConfigurations("(service.pid=" + FACTORY + "~one)")).hasSize(1);
        assertThat(configurationAdmin.listConfigurations("(service.pid=" + LATER + ")")).isNull();
        assertThat(report.updated()).contains(PLAIN);
        assertThat(report.created()).contains(FACTORY + "~one");
        assertThat(report.deleted()).contains(LATER);
        assertThat(snapshots.list()).extracting(ConfigurationSnapshot::id).contains(report.undoSnapshotId());
    }

    @Test
    void givenAnExcludedPid_whenASnapshotFromBeforeItChangedIsRestored_thenItKeepsItsCurrentValue()
            throws Exception {
        Configuration installer = configurationAdmin.getConfiguration(TestGateway.INSTALLER_PID, "?");
        Dictionary<String, Object> original = installer.getProperties();
        try {
            installer.update(properties("healthWindowSeconds", 7));
            ConfigurationSnapshot snapshot = snapshots.take("before changing the installer");
            installer.update(properties("healthWindowSeconds", 9));

            snapshots.restore(snapshot.id());

            assertThat(configurationAdmin.getConfiguration(TestGateway.INSTALLER_PID, "?").getProperties()
                    .get("healthWindowSeconds")).isEqualTo(9);
        } finally {
            if (original == null) {
                installer.delete();
            } else {
                installer.update(original);
            }
        }
    }

    @Test
    void givenTheWebConsole_whenATechnicianTakesAndListsSnapshots_thenTheyAreThere() throws Exception {
        String console = TestGateway.httpEndpoint(context) + "system/console/nexefii-snapshots";
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> taken = http.send(HttpRequest.newBuilder(URI.create(console))
                .header("Authorization", auth).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=take&reason=from+the+console")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(console + ".json"))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(console))
                .header("Authorization", auth).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=restore&id=19700101T000000.000Z-0000")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(taken.body()).contains("\"outcome\": \"Snapshot taken\"");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("from the console");
        assertThat(page.body()).contains("Configuration Snapshots", "from the console");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void givenMoreSnapshotsThanKept_whenAnotherIsTaken_thenOnlyTheNewestAreKept() {
        for (int i = 0; i < 12; i++) {
            snapshots.take("filler " + i);
        }

        List<ConfigurationSnapshot> kept = snapshots.list();

        assertThat(kept).hasSize(10);
        assertThat(kept.get(0).reason()).isEqualTo("filler 11");
    }

    private static Dictionary<String, Object> properties(Object... keysAndValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
