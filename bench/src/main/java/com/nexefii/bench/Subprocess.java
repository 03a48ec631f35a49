package com.nexefii.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Measurements that need a JVM of their own (heap, start time) run through here. */
public final class Subprocess {

    private Subprocess() {
    }

    /** Runs to completion and returns stdout+stderr; fails on a non-zero exit or timeout. */
    public static String run(List<String> command, Path directory, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(process.getInputStream().readAllBytes()));
            } catch (IOException e) {
                out.append("(output lost: ").append(e.getMessage()).append(')');
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
        }
        reader.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + " of "
                    + String.join(" ", command.subList(0, Math.min(3, command.size()))) + "...: " + tail(out.toString()));
        }
        return out.toString();
    }

    /** Parses the {@code key=value} words of the first line starting with {@code tag}. */
    public static Map<String, String> keyValues(String output, String tag) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(tag + " ")) {
                Map<String, String> values = new HashMap<>();
                for (String word : line.substring(tag.length()).trim().split("\\s+")) {
                    int eq = word.indexOf('=');
                    if (eq > 0) {
                        values.put(word.substring(0, eq), word.substring(eq + 1));
                    }
                }
                return values;
            }
        }
        throw new IllegalStateException("no " + tag + " line in: " + tail(output));
    }

    static String tail(String text) {
        return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
    }
}
