package com.nexefii.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What the figures were measured on: they mean little without it. */
public final class Machine {

    private Machine() {
    }

    /** @return the 1-minute load average, or NaN where /proc/loadavg does not exist */
    public static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** @return "1-min/5-min/15-min" load averages */
    public static String loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** @return the load average now, formatted for a figure's "from→to" */
    public static String loadNow() {
        return String.format(Locale.ROOT, "%.1f", load1());
    }

    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    public static long memoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** @return the output of a short command, or what went wrong */
    public static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "(" + String.join(" ", command) + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Lines for the machine section of RESULTS.md. */
    public static List<String> describe() {
        String javaHome = System.getProperty("java.home");
        return List.of(
                "- Date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                "- CPU: " + cpuModel() + "; `availableProcessors()` = "
                        + Runtime.getRuntime().availableProcessors() + "; `nproc` = " + command("nproc"),
                "- Memory: " + (memoryBytes() / (1024 * 1024 * 1024.0) > 0
                        ? String.format(Locale.ROOT, "%.1f GiB", memoryBytes() / (1024 * 1024 * 1024.0)) : "unknown"),
                "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + javaHome + ")",
                "- `java -version`: `" + command(Path.of(javaHome, "bin", "java").toString(), "-version")
                        .replace('\n', ' ') + "`",
                "- Disk of the work directory: `" + command("df", "-h", "--output=source,fstype,size,avail", ".")
                        .replace('\n', ' ') + "`",
                "- Load average (1/5/15 min) when the report was written: " + loadAverages());
    }
}
