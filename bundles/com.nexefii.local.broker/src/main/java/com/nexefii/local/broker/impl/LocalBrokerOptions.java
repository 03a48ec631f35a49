package com.nexefii.local.broker.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The broker's configuration, checked once; each error names its property. */
record LocalBrokerOptions(String bindAddress, int port, Path executable, Path passwdExecutable, String username,
        String runAsUser, int maxConnections, Duration restartDelay, Path dataDirectory, Tls tls) {

    /** The listener's TLS material; {@code clientCa} null when devices authenticate by password only. */
    record Tls(Path certificate, Path key, Path clientCa) {
    }

    /** mosquitto's configuration is line-based: no spaces, no line breaks, nothing to inject. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    LocalBrokerOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** Without TLS. */
    LocalBrokerOptions(String bindAddress, int port, Path executable, Path passwdExecutable, String username,
            String runAsUser, int maxConnections, Duration restartDelay, Path dataDirectory) {
        this(bindAddress, port, executable, passwdExecutable, username, runAsUser, maxConnections, restartDelay,
                dataDirectory, null);
    }

    LocalBrokerOptions withTls(Tls tls) {
        return new LocalBrokerOptions(bindAddress, port, executable, passwdExecutable, username, runAsUser,
                maxConnections, restartDelay, dataDirectory, tls);
    }

    static LocalBrokerOptions from(LocalBrokerConfig c, Path fallbackDataDirectory) {
        String bind = require("bindAddress", c.bindAddress());
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress: not an address: " + bind, e);
        }
        if (!bind.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("bindAddress: must be an IP address, was " + bind);
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new IllegalArgumentException("port: " + c.port() + " is outside 1..65535");
        }
        Path executable = executable("executable", c.executable());
        Path passwd = executable("passwdExecutable", c.passwdExecutable());
        String username = token("username", c.username());
        String runAs = token("runAsUser", c.runAsUser());
        if (c.maxConnections() < 1) {
            throw new IllegalArgumentException("maxConnections: must be positive");
        }
        if (c.restartDelayMillis() < 100 || c.restartDelayMillis() > 30_000) {
            throw new IllegalArgumentException("restartDelayMillis: " + c.restartDelayMillis() + " is outside 100..30000");
        }
        Path data;
        if (c.dataDirectory() == null || c.dataDirectory().isBlank()) {
            if (fallbackDataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory: not set and the framework gives this bundle no data area");
            }
            data = fallbackDataDirectory;
        } else {
            try {
                data = Path.of(c.dataDirectory().trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("dataDirectory: not a valid path: " + c.dataDirectory(), e);
            }
        }
        if (data.toString().matches(".*\\s.*")) {
            throw new IllegalArgumentException("dataDirectory: must not contain white space (mosquitto.conf syntax)");
        }
        return new LocalBrokerOptions(bind, c.port(), executable, passwd, username, runAs, c.maxConnections(),
                Duration.ofMillis(c.restartDelayMillis()), data.toAbsolutePath(), tls(c));
    }

    private static Tls tls(LocalBrokerConfig c) {
        Path certificate = readable("tlsCertificateFile", c.tlsCertificateFile());
        Path key = readable("tlsKeyFile", c.tlsKeyFile());
        Path clientCa = readable("tlsClientCaFile", c.tlsClientCaFile());
        if (certificate == null && key == null) {
            if (clientCa != null) {
                throw new IllegalArgumentException("tlsClientCaFile: set only together with tlsCertificateFile and tlsKeyFile");
            }
            return null;
        }
        if (certificate == null || key == null) {
            throw new IllegalArgumentException((certificate == null ? "tlsCertificateFile" : "tlsKeyFile")
                    + ": must be set together with " + (certificate == null ? "tlsKeyFile" : "tlsCertificateFile"));
        }
        return new Tls(certificate, key, clientCa);
    }

    private static Path readable(String property, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path;
        try {
            path = Path.of(value.trim()).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(property + ": not a valid path: " + value, e);
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(property + ": cannot read " + path);
        }
        return path;
    }

    String uri() {
        return (tls == null ? "tcp://" : "ssl://") + (bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress) + ":" + port;
    }

    private static Path executable(String property, String value) {
        Path path = Path.of(require(property, value));
        if (!Files.isExecutable(path)) {
            throw new IllegalArgumentException(property + ": " + path
                    + " is not executable (install Debian's mosquitto package: apt-get install mosquitto)");
        }
        return path;
    }

    private static String token(String property, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(property + ": must match " + TOKEN.pattern());
        }
        return value;
    }

    private static String require(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + ": must be set");
        }
        return value.trim();
    }
}
