package com.nexefii.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The settings of a running integration-tests/stack ({@code stack.env}: KEY=value lines). */
public final class StackEnv {

    private final Path file;
    private final Properties values = new Properties();

    public StackEnv(Path file) throws IOException {
        this.file = file;
        try (Reader in = Files.newBufferedReader(file)) {
            values.load(in);
        }
    }

    /** @throws IllegalStateException naming the missing key */
    public String get(String key) {
        String value = values.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no " + key);
        }
        return value.trim();
    }

    public String get(String key, String fallback) {
        String value = values.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
