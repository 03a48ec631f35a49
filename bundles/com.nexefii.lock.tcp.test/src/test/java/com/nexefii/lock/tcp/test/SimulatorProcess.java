package com.nexefii.lock.tcp.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TCP lock-controller simulator's runnable jar in its own JVM, steered through its console
 * (standard input); each console command answers one line.
 */
final class SimulatorProcess implements AutoCloseable {

    /** Test fixture only: the shared controller key of the simulated controllers. */
    static final String KEY = "00112233445566778899aabbccddeeff";

    private final Process process;
    private final BufferedReader out;
    private final Writer console;
    private final int port;

    private SimulatorProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.console = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        int listening = -1;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("LISTENING ")) {
                listening = Integer.parseInt(line.substring("LISTENING ".length()).trim());
                break;
            }
        }
        assertThat(listening).as("simulator announced its port").isPositive();
        this.port = listening;
    }

    /** Starts a simulator on a free port; {@code options} are extra command line options. */
    static SimulatorProcess start(String... options) {
        String jarProperty = System.getProperty("tcp.simulator.jar");
        assertThat(jarProperty).as("tcp.simulator.jar run property (test.bndrun)").isNotNull();
        Path jar = Paths.get(jarProperty);
        assertThat(Files.isRegularFile(jar)).as("simulator jar " + jar).isTrue();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--port", "0", "--key", KEY));
        command.addAll(List.of(options));
        try {
            return new SimulatorProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulator", e);
        }
    }

    int port() {
        return port;
    }

    /** Runs one console command and insists that it worked. */
    synchronized String command(String line) {
        try {
            console.write(line + "\n");
            console.flush();
            String answer = out.readLine();
            assertThat(answer).as("simulator answer to '" + line + "'").startsWith("ok");
            return answer.substring(2).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("simulator console", e);
        }
    }

    long count(String what) {
        return Long.parseLong(command("count " + what));
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                console.write("quit\n");
                console.flush();
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
