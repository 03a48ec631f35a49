package com.nexefii.gateway.runtime;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The exported gateway.jar running in its own JVM, as an operator starts it. */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private GatewayProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static GatewayProcess start(Path jar, Path config, Path data, int port, Path output) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "--config", config.toString(),
                "--data", data.toString(), "--port", Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("NEXEFII_CONSOLE_PASSWORD");
        return new GatewayProcess(builder.start(), output);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first group of the first match of {@code pattern} in the output, once it is there. */
    String awaitOutput(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        await("gateway output matching " + pattern).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .failFast("gateway exited", () -> !process.isAlive())
                .until(() -> {
                    Matcher matcher = pattern.matcher(output());
                    if (matcher.find()) {
                        found[0] = matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
                        return true;
                    }
                    return false;
                });
        return found[0];
    }

    /** SIGTERM, as a service manager stops it; returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gateway did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
