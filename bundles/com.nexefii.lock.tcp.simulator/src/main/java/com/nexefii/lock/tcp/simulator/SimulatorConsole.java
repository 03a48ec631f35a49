package com.nexefii.lock.tcp.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import com.nexefii.lock.tcp.protocol.Door;

/**
 * Line commands that turn the simulator's knobs, read from standard input or from a loopback
 * control port, so a demo or a test in another process can make the controller misbehave.
 * Every command answers one line starting with {@code ok} or {@code error:}.
 */
public final class SimulatorConsole {

    static final String HELP = """
            commands:
              status                          units, connection, counters
              count commands|sessions|events|unacked|errors|connected|executions <commandId>
                                              one number, for scripts and tests
              latency <ms>                    delay before answering commands
              silent on|off                   read commands, never answer
              heartbeats on|off               stop/start sending heartbeats
              impostor on|off                 accept any HELLO unchecked (gateway must refuse us)
              busy <n>                        answer the next n commands BUSY
              drop | reset                    close connections (FIN | RST)
              halfopen                        stop reading/writing without closing
              refuse on|off                   stop/start accepting connections
              loseacks on|off                 discard EVENT_ACKs as if lost (events are sent again)
              garbage | oversize | badmac | replay   send a broken frame
              jam <unit> on|off               bolt jammed
              door <unit> open|closed|ajar    door sensor event
              forced <unit> | tamper <unit>   alarms
              battery <unit> <percent>        battery report (low below 20)
              offline <unit> | online <unit>  unit lost/found on the controller's bus
              denied <unit> <credentialId>    refused credential at the door
              keypad <unit> <credentialId>    PIN accepted at the door, unit unlocks
              add <unit> <model> | remove <unit>   install/uninstall a unit
              quit                            stop the simulator""";

    private final TcpLockControllerSimulator simulator;

    public SimulatorConsole(TcpLockControllerSimulator simulator) {
        this.simulator = simulator;
    }

    /** Reads commands until end of input or {@code quit}. */
    public void run(InputStream input, PrintStream output) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.strip().equals("quit")) {
                output.println("ok bye");
                output.flush();
                return;
            }
            output.println(execute(line));
            output.flush();
        }
    }

    /** Accepts console connections on a loopback port, one thread each. */
    public void listen(int controlPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread session = new Thread(() -> serve(client), "tcp-lock-sim-console");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-lock-sim-console-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println("CONTROL " + server.getLocalPort());
    }

    private void serve(Socket client) {
        try (client; OutputStream out = client.getOutputStream()) {
            run(client.getInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the operator went away
        }
    }

    /** @return the one-line answer to one command */
    public String execute(String line) {
        String[] words = line.strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "ok";
        }
        try {
            switch (words[0].toLowerCase(Locale.ROOT)) {
                case "help" -> {
                    return "ok\n" + HELP;
                }
                case "status" -> {
                    return "ok " + simulator.status();
                }
                case "count" -> {
                    return "ok " + count(words);
                }
                case "latency" -> simulator.setLatency(Duration.ofMillis(number(words, 1)));
                case "silent" -> simulator.setSilent(onOff(words, 1));
                case "heartbeats" -> simulator.setHeartbeats(onOff(words, 1));
                case "impostor" -> simulator.setImpostor(onOff(words, 1));
                case "busy" -> simulator.busyNext(number(words, 1));
                case "drop" -> simulator.dropConnections();
                case "reset" -> simulator.resetConnections();
                case "halfopen" -> simulator.halfOpen();
                case "refuse" -> simulator.refuseConnections(onOff(words, 1));
                case "loseacks" -> simulator.loseAcks(onOff(words, 1));
                case "garbage" -> simulator.sendGarbage();
                case "oversize" -> simulator.sendOversized();
                case "badmac" -> simulator.sendBadMac();
                case "replay" -> simulator.replayLastFrame();
                case "jam" -> simulator.jam(number(words, 1), onOff(words, 2));
                case "door" -> simulator.door(number(words, 1), Door.valueOf(word(words, 2).toUpperCase(Locale.ROOT)));
                case "forced" -> simulator.forced(number(words, 1));
                case "tamper" -> simulator.tamper(number(words, 1));
                case "battery" -> simulator.battery(number(words, 1), number(words, 2));
                case "offline" -> simulator.unitOnline(number(words, 1), false);
                case "online" -> simulator.unitOnline(number(words, 1), true);
                case "denied" -> simulator.accessDenied(number(words, 1), word(words, 2));
                case "keypad" -> simulator.keypadUnlock(number(words, 1), word(words, 2));
                case "add" -> simulator.addUnit(number(words, 1), word(words, 2));
                case "remove" -> simulator.removeUnit(number(words, 1));
                default -> {
                    return "error: unknown command '" + words[0] + "' (try help)";
                }
            }
            return "ok " + String.join(" ", words);
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    private long count(String[] words) {
        return switch (word(words, 1)) {
            case "commands" -> simulator.commandsReceived();
            case "sessions" -> simulator.sessionsConfirmed();
            case "events" -> simulator.eventsEmitted();
            case "unacked" -> simulator.unacknowledgedEvents();
            case "errors" -> simulator.protocolErrors();
            case "connected" -> simulator.connected() ? 1 : 0;
            case "executions" -> simulator.executions(word(words, 2));
            default -> throw new IllegalArgumentException("cannot count " + words[1]);
        };
    }

    private static String word(String[] words, int index) {
        if (words.length <= index) {
            throw new IllegalArgumentException("'" + words[0] + "' needs " + index + " argument(s)");
        }
        return words[index];
    }

    private static int number(String[] words, int index) {
        String text = word(words, index);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text);
        }
    }

    private static boolean onOff(String[] words, int index) {
        return switch (word(words, index).toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("expected on or off: " + words[index]);
        };
    }
}
