package com.nexefii.gateway.console.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway, started with {@code java -jar gateway.jar} as the README says, on a free port,
 * with its own config and data directories under target/, an operator console password, and the
 * build's signed core package in its provisioning folder (the jar is the platform only).
 */
final class GatewayProcess implements AutoCloseable {

    static final String USER = "admin";
    static final String CORE = "com.nexefii.dp.core";
    /** Test fixture only: the console password of this throw-away gateway. */
    static final String PASSWORD = "e2e-console-secret";

    final int port;
    final Path directory;
    private final Process process;

    private GatewayProcess(int port, Path directory, Process process) {
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    /** @param configurationFiles file name to content, written into the gateway's config directory */
    static GatewayProcess start(java.util.Map<String, String> configurationFiles) throws IOException {
        Path jar = Path.of(System.getProperty("nexefii.gateway.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the gateway first: " + jar + " is missing");
        }
        Path directory = Files.createDirectories(Path.of(System.getProperty("nexefii.e2e.dir"), "gateway-e2e")
                .resolve("run-" + System.nanoTime()));
        Path config = Files.createDirectories(directory.resolve("config"));
        for (var file : configurationFiles.entrySet()) {
            Files.writeString(config.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Path packages = Files.createDirectories(config.resolve("packages"));
        Files.copy(Path.of(System.getProperty("nexefii.dps"), CORE + ".dp"), packages.resolve(CORE + ".dp"));
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--config", config.toString(), "--data", directory.resolve("data").toString(),
                "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("gateway.out").toFile());
        builder.environment().put("NEXEFII_CONSOLE_PASSWORD", PASSWORD);
        GatewayProcess gateway = new GatewayProcess(port, directory, builder.start());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> gateway.get("system/console/bundles.json").statusCode() == 200);
        await("core package provisioned").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> gateway.get("system/console/deployment.json").body().contains(CORE));
        return gateway;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    /** The same URL with the console credentials, for the browser's first navigation. */
    String urlWithCredentials(String path) {
        return "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The gateway's own log file (data/log/gateway.log). */
    String log() throws IOException {
        return Files.readString(directory.resolve("data").resolve("log").resolve("gateway.log"));
    }

    String output() throws IOException {
        return Files.readString(directory.resolve("gateway.out"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
