package com.nexefii.lock.tcp.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.nexefii.lock.tcp.protocol.FrameCodec;
import com.nexefii.lock.tcp.protocol.SessionKeys;

/**
 * How a simulated controller starts. Everything here can also be changed at runtime through the
 * simulator's knobs or its console, except the port, the key and the unit count.
 */
public record SimulatorSettings(String bindAddress, int port, int units, byte[] sharedKey, String controllerId,
        Duration latency, Duration relockDefault, int maxCredentialsPerUnit, int maxFrameSize, int controlPort,
        boolean silent, boolean heartbeats) {

    public static final String USAGE = """
            Usage: java -jar com.nexefii.lock.tcp.simulator-<version>-runnable.jar --key HEX [options]
              --key HEX             shared controller key, 32-128 hex digits (or env NEXEFII_TCP_KEY);
                                    generate one with: openssl rand -hex 16
              --port N              TCP port to listen on (default 7700; 0 picks a free one)
              --bind ADDRESS        address to bind (default 127.0.0.1)
              --locks N             number of lock units, numbered 1..N (default 4)
              --controller-id ID    identity in HELLO_ACK (default sim-<port>)
              --latency MS          delay before each command is answered (default 0)
              --relock-seconds S    default relock time after UNLOCK (default 5)
              --max-credentials N   credential slots per unit (default 32)
              --max-frame-size B    largest frame accepted (default 4096)
              --control-port N      also accept console commands on this TCP port (127.0.0.1)
              --silent              read commands but never answer them
              --no-heartbeats       never send heartbeats
            Console commands are read from standard input; type 'help' for the list.
            Prints 'LISTENING <port>' once it accepts connections.""";

    public SimulatorSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        SessionKeys.checkSharedKey(sharedKey);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535: " + port);
        }
        if (units < 0 || units > 1000) {
            throw new IllegalArgumentException("--locks must be 0-1000: " + units);
        }
        if (maxFrameSize < FrameCodec.SMALLEST_MAX_FRAME_SIZE || maxFrameSize > FrameCodec.LARGEST_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("--max-frame-size out of range: " + maxFrameSize);
        }
        latency = latency == null ? Duration.ZERO : latency;
        relockDefault = relockDefault == null ? Duration.ofSeconds(5) : relockDefault;
    }

    /** Settings for an embedded simulator on a free loopback port. */
    public static SimulatorSettings forTests(byte[] sharedKey, int units) {
        return new SimulatorSettings("127.0.0.1", 0, units, sharedKey, null, Duration.ZERO, Duration.ofSeconds(5), 32,
                4096, -1, false, true);
    }

    public SimulatorSettings withLatency(Duration value) {
        return new SimulatorSettings(bindAddress, port, units, sharedKey, controllerId, value, relockDefault,
                maxCredentialsPerUnit, maxFrameSize, controlPort, silent, heartbeats);
    }

    public SimulatorSettings withPort(int value) {
        return new SimulatorSettings(bindAddress, value, units, sharedKey, controllerId, latency, relockDefault,
                maxCredentialsPerUnit, maxFrameSize, controlPort, silent, heartbeats);
    }

    public SimulatorSettings withRelockDefault(Duration value) {
        return new SimulatorSettings(bindAddress, port, units, sharedKey, controllerId, latency, value,
                maxCredentialsPerUnit, maxFrameSize, controlPort, silent, heartbeats);
    }

    public SimulatorSettings withMaxCredentialsPerUnit(int value) {
        return new SimulatorSettings(bindAddress, port, units, sharedKey, controllerId, latency, relockDefault, value,
                maxFrameSize, controlPort, silent, heartbeats);
    }

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static SimulatorSettings parse(String[] args, String keyFromEnvironment) {
        String bind = "127.0.0.1";
        int port = 7700;
        int units = 4;
        String key = keyFromEnvironment;
        String controllerId = null;
        long latency = 0;
        long relock = 5;
        int maxCredentials = 32;
        int maxFrame = 4096;
        int controlPort = -1;
        boolean silent = false;
        boolean heartbeats = true;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--key" -> key = value(option, rest);
                case "--port" -> port = intValue(option, rest);
                case "--bind" -> bind = value(option, rest);
                case "--locks" -> units = intValue(option, rest);
                case "--controller-id" -> controllerId = value(option, rest);
                case "--latency" -> latency = intValue(option, rest);
                case "--relock-seconds" -> relock = intValue(option, rest);
                case "--max-credentials" -> maxCredentials = intValue(option, rest);
                case "--max-frame-size" -> maxFrame = intValue(option, rest);
                case "--control-port" -> controlPort = intValue(option, rest);
                case "--silent" -> silent = true;
                case "--no-heartbeats" -> heartbeats = false;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--key is required (or set NEXEFII_TCP_KEY)");
        }
        byte[] sharedKey;
        try {
            sharedKey = SessionKeys.parseHexKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key " + e.getMessage(), e);
        }
        if (latency < 0 || relock < 1) {
            throw new IllegalArgumentException("--latency must be >= 0 and --relock-seconds >= 1");
        }
        return new SimulatorSettings(bind, port, units, sharedKey, controllerId, Duration.ofMillis(latency),
                Duration.ofSeconds(relock), maxCredentials, maxFrame, controlPort, silent, heartbeats);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int intValue(String option, List<String> rest) {
        String text = value(option, rest);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return "SimulatorSettings[" + bindAddress + ":" + port + ", " + units + " units, latency " + latency + "]";
    }
}
