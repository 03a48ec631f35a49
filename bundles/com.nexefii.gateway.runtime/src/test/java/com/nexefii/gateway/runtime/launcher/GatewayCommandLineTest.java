package com.nexefii.gateway.runtime.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void givenOnlyAConfigDirectory_thenLoopbackPort8080AndDataBesideTheWorkingDirectory() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));

        GatewayCommandLine line = GatewayCommandLine.parse(List.of("--config", config.toString()), new Properties());

        assertThat(line.host()).isEqualTo("127.0.0.1");
        assertThat(line.port()).isEqualTo(8080);
        assertThat(line.data()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(line.config()).isEqualTo(config.toAbsolutePath());
    }

    @Test
    void givenSystemPropertiesAndOptions_thenOptionsWin() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        Properties system = new Properties();
        system.setProperty("nexefii.config", config.toString());
        system.setProperty("nexefii.http.port", "9000");
        system.setProperty("nexefii.data", dir.resolve("from-property").toString());

        GatewayCommandLine line = GatewayCommandLine.parse(List.of("--port", "9100"), system);

        assertThat(line.port()).isEqualTo(9100);
        assertThat(line.data()).isEqualTo(dir.resolve("from-property"));
    }

    @Test
    void whenMapped_thenEveryStateDirectoryIsUnderData_andTheConsoleStaysOnLoopback() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        Path data = dir.resolve("data");

        Map<String, String> properties = new GatewayCommandLine(config, data, "127.0.0.1", 8443)
                .frameworkProperties("jar:file:/gateway.jar!/default-logback.xml", false);

        assertThat(properties)
                .containsEntry("org.osgi.framework.storage", data.resolve("framework").toString())
                .containsEntry("launch.storage.dir", data.resolve("framework").toString())
                .containsEntry("launch.keep", "true")
                .containsEntry("org.osgi.framework.storage.clean", "none")
                .containsEntry("felix.cm.dir", data.resolve("configadmin").toString())
                .containsEntry("nexefii.log.dir", data.resolve("log").toString())
                .containsEntry("felix.fileinstall.dir", config.toString())
                .containsEntry("org.apache.felix.http.host", "127.0.0.1")
                .containsEntry("org.osgi.service.http.port", "8443")
                .containsEntry("logback.configurationFile", "jar:file:/gateway.jar!/default-logback.xml")
                .containsEntry("gosh.args", "--noshutdown --nointeractive");
    }

    @Test
    void givenALogbackFileInTheConfigDirectory_thenItIsUsedInsteadOfTheDefault() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        Path logback = Files.writeString(config.resolve("logback.xml"), "<configuration/>");

        Map<String, String> properties = new GatewayCommandLine(config, dir.resolve("data"), "127.0.0.1", 8080)
                .frameworkProperties("default", true);

        assertThat(properties).containsEntry("logback.configurationFile", logback.toString())
                .containsEntry("gosh.args", "--noshutdown");
    }

    @Test
    void givenBadInput_thenRefusedWithAMessageForTheOperator() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        Properties none = new Properties();

        assertThatThrownBy(() -> GatewayCommandLine.parse(List.of("--config", dir.resolve("missing").toString()), none))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> GatewayCommandLine.parse(List.of("--config", config.toString(), "--port", "http"), none))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> GatewayCommandLine.parse(List.of("--config", config.toString(), "--port", "0"), none))
                .hasMessageContaining("1-65535");
        assertThatThrownBy(() -> GatewayCommandLine.parse(List.of("--config", config.toString(), "--verbose"), none))
                .hasMessageContaining("Unknown option --verbose");
        assertThatThrownBy(() -> GatewayCommandLine.parse(List.of("--config"), none)).hasMessageContaining("needs a value");
    }
}
