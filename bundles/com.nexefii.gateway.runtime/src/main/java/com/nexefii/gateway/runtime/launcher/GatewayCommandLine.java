package com.nexefii.gateway.runtime.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway's command line, and what it means for the framework. Each option can also be given as
 * a system property ({@code -Dnexefii.config=...}); the command line wins.
 *
 * @param config the configuration directory (operator files: {@code *.config}, {@code *.cfg}, {@code logback.xml})
 * @param data the data directory (everything the gateway keeps across restarts)
 * @param host the address HTTP binds to
 * @param port the HTTP port
 */
public record GatewayCommandLine(Path config, Path data, String host, int port) {

    static final String CONFIG = "nexefii.config";
    static final String DATA = "nexefii.data";
    static final String HOST = "nexefii.http.host";
    static final String PORT = "nexefii.http.port";
    static final String LOG_DIR = "nexefii.log.dir";

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar gateway.jar [--config DIR] [--data DIR] [--port N] [--host ADDRESS]",
            "  --config DIR    operator configuration: *.config / *.cfg files applied through ConfigAdmin, logback.xml",
            "                  (default ./config, or -D" + CONFIG + ")",
            "  --data DIR      state kept across restarts: installed bundles, configuration, logs",
            "                  (default ./data, or -D" + DATA + ")",
            "  --port N        HTTP port of the web console (default 8080, or -D" + PORT + ")",
            "  --host ADDRESS  address HTTP binds to (default 127.0.0.1, or -D" + HOST + ");",
            "                  anything but loopback exposes the web console to the network",
            "Console password: set NEXEFII_CONSOLE_PASSWORD, or read the one printed at first start.");

    /**
     * @throws IllegalArgumentException with a message for the operator
     */
    public GatewayCommandLine {
        if (!Files.isDirectory(config)) {
            throw new IllegalArgumentException("Configuration directory " + config + " does not exist");
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("Data directory " + data + " is not a directory");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 1-65535, was " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("HTTP host must not be empty");
        }
        config = config.toAbsolutePath().normalize();
        data = data.toAbsolutePath().normalize();
    }

    /**
     * @param args the command line
     * @param systemProperties where -D defaults come from
     * @throws IllegalArgumentException with a message for the operator
     */
    public static GatewayCommandLine parse(List<String> args, Properties systemProperties) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CONFIG, systemProperties.getProperty(CONFIG, "config"));
        values.put(DATA, systemProperties.getProperty(DATA, "data"));
        values.put(HOST, systemProperties.getProperty(HOST, "127.0.0.1"));
        values.put(PORT, systemProperties.getProperty(PORT, "8080"));
        for (Iterator<String> it = args.iterator(); it.hasNext();) {
            String option = it.next();
            String key = switch (option) {
                case "--config" -> CONFIG;
                case "--data" -> DATA;
                case "--host" -> HOST;
                case "--port" -> PORT;
                default -> throw new IllegalArgumentException("Unknown option " + option);
            };
            if (!it.hasNext()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            values.put(key, it.next());
        }
        int port;
        try {
            port = Integer.parseInt(values.get(PORT).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HTTP port must be a number, was " + values.get(PORT));
        }
        return new GatewayCommandLine(Path.of(values.get(CONFIG)), Path.of(values.get(DATA)), values.get(HOST).trim(),
                port);
    }

    Path frameworkStorage() {
        return data.resolve("framework");
    }

    Path logDirectory() {
        return data.resolve("log");
    }

    /**
     * The framework and bundle properties this command line sets. Bundles read them through
     * {@code BundleContext.getProperty}, which falls back to system properties on Felix.
     *
     * @param defaultLogbackConfiguration used when the config directory has no {@code logback.xml}
     * @param interactiveConsole whether a terminal is attached for the Gogo shell
     */
    Map<String, String> frameworkProperties(String defaultLogbackConfiguration, boolean interactiveConsole) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CONFIG, config.toString());
        properties.put(DATA, data.toString());
        properties.put(HOST, host);
        properties.put(PORT, Integer.toString(port));
        // bnd's launcher storage and the framework's: installed bundles survive restarts
        properties.put("launch.storage.dir", frameworkStorage().toString());
        properties.put("launch.keep", "true");
        properties.put("org.osgi.framework.storage", frameworkStorage().toString());
        properties.put("org.osgi.framework.storage.clean", "none");
        properties.put("felix.cm.dir", data.resolve("configadmin").toString());
        // Operator configuration files (*.config, *.cfg), applied through ConfigAdmin by FileInstall
        properties.put("felix.fileinstall.dir", config.toString());
        properties.put("org.apache.felix.http.host", host);
        properties.put("org.osgi.service.http.port", Integer.toString(port));
        properties.put(LOG_DIR, logDirectory().toString());
        Path logback = config.resolve("logback.xml");
        properties.put("logback.configurationFile",
                Files.isRegularFile(logback) ? logback.toString() : defaultLogbackConfiguration);
        // Without a terminal (a service, a test) the shell must neither read stdin nor stop the
        // framework when stdin ends.
        properties.put("gosh.args", interactiveConsole ? "--noshutdown" : "--noshutdown --nointeractive");
        return properties;
    }
}
