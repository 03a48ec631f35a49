package com.nexefii.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.testing.RecordingPublisher;

/**
 * The runnable simulator jar in its own JVM, driven through its console on standard input: the
 * way the demo uses it.
 */
class SimulatorProcessTest {

    @TempDir
    Path dataArea;

    private Process process;
    private TcpLockAdapter adapter;

    @AfterEach
    void stop() throws Exception {
        if (adapter != null) {
            adapter.stop();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void givenTheSimulatorJarInItsOwnProcess_whenTheAdapterConnects_thenCommandsConsoleEventsAndReconnectWork()
            throws Exception {
        Path jar = Paths.get(System.getProperty("tcp.simulator.jar", "target/simulator/tcp-lock-simulator.jar"));
        assertThat(jar).as("runnable simulator jar (copied by the build)").exists();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "--port", "0", "--locks", "2", "--key",
                TestConfigs.KEY_HEX)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer console = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        int port = -1;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("LISTENING ")) {
                port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
                break;
            }
        }
        assertThat(port).isPositive();

        RecordingPublisher publisher = new RecordingPublisher();
        adapter = new TcpLockAdapter(TestConfigs.options(Map.of("port", port, "heartbeatIntervalMs", 500,
                "reconnectBackoffMinMs", 20, "reconnectBackoffMaxMs", 200)), publisher,
                KnownUnits.in(dataArea, "ctrl-a"), ControllerEventLedger.in(dataArea, "ctrl-a"), () -> { });
        adapter.start();
        await().until(() -> adapter.linkState() == LinkState.READY);
        assertThat(adapter.locks()).hasSize(2);

        assertThat(adapter.execute(LockCommand.unlock(adapter.lockId(2), null, Duration.ofSeconds(10), "test"))
                .toCompletableFuture().join().outcome()).isEqualTo(Outcome.OK);

        console.write("forced 1\n");
        console.flush();
        assertThat(out.readLine()).isEqualTo("ok forced 1");
        await().until(() -> publisher.of(adapter.lockId(1), LockEventType.DOOR_FORCED).size() == 1);

        console.write("drop\n");
        console.flush();
        assertThat(out.readLine()).isEqualTo("ok drop");
        await().until(() -> publisher.of(adapter.lockId(1), LockEventType.LOCK_ONLINE).size() >= 2);
        assertThat(adapter.execute(LockCommand.of(CommandType.QUERY_STATE, adapter.lockId(1), Duration.ofSeconds(10),
                "test")).toCompletableFuture().join().outcome()).isEqualTo(Outcome.OK);

        console.write("quit\n");
        console.flush();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.size(jar)).isPositive();
    }
}
