package com.nexefii.lock.ble.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real dbus-daemon on a private unix socket, owned by one test: the fake BlueZ and the transport
 * under test talk D-Bus through it exactly as on a gateway's system bus. Needs Debian's
 * {@code dbus-daemon} package (integration-tests/test-all.sh installs it).
 */
public final class PrivateDbusDaemon implements AutoCloseable {

    private final Path directory;
    private final Process process;
    private final String address;

    public PrivateDbusDaemon() throws IOException, InterruptedException {
        directory = Files.createTempDirectory("nexefii-dbus");
        Path socket = directory.resolve("bus");
        Path config = directory.resolve("bus.conf");
        // a session-type bus that lets its (only) user own and call anything, like the default session bus
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        try {
            process = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("dbus-daemon not found: install Debian's dbus-daemon package", e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("dbus-daemon printed no address", e);
        }
        if (line == null || !line.startsWith("unix:")) {
            process.destroyForcibly();
            throw new IOException("dbus-daemon did not start: " + line);
        }
        address = line.trim();
    }

    /** e.g. {@code unix:path=/tmp/nexefii-dbus123/bus,guid=...} */
    public String address() {
        return address;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
