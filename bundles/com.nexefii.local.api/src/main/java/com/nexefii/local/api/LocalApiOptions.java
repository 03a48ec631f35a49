package com.nexefii.local.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/** The local API's configuration, checked once; each error names its property. */
record LocalApiOptions(String bindAddress, int port, Path keystorePath, String keystorePassword, String keyPassword,
        String keystoreType, String tokenIssuer, String tokenAudience, URI jwksUrl, String jwks,
        Duration jwksRefresh, Set<String> staffRoles, Set<String> lockdownLiftRoles, Duration clockSkew,
        int maxRequestBytes, int callerRequestsPerMinute, int callerBurst, int addressRequestsPerMinute,
        int addressBurst, Duration commandTimeout, Path dataDirectory, Set<String> allowedOrigins) {

    LocalApiOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        staffRoles = Set.copyOf(staffRoles);
        lockdownLiftRoles = Set.copyOf(lockdownLiftRoles);
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    static LocalApiOptions from(LocalApiConfig c, Path fallbackDataDirectory) {
        String bind = require("bindAddress", c.bindAddress());
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress: not an address of this host: " + bind, e);
        }
        range("port", c.port(), 1, 65535);
        Path keystore = path("keystorePath", require("keystorePath", c.keystorePath()));
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException("keystorePath: cannot read " + keystore);
        }
        String keystorePassword = require("keystorePassword", c.keystorePassword());
        String keyPassword = c.keyPassword() == null || c.keyPassword().isEmpty() ? keystorePassword : c.keyPassword();
        String issuer = require("tokenIssuer", c.tokenIssuer());
        URI jwksUrl;
        String configuredUrl = c.jwksUrl() == null ? "" : c.jwksUrl().trim();
        try {
            jwksUrl = URI.create(configuredUrl.isEmpty() ? issuer + "/protocol/openid-connect/certs" : configuredUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jwksUrl: not a URL: " + configuredUrl, e);
        }
        if (!"https".equals(jwksUrl.getScheme()) && !"http".equals(jwksUrl.getScheme())) {
            throw new IllegalArgumentException("jwksUrl: must be http(s): " + jwksUrl);
        }
        range("jwksRefreshMinutes", c.jwksRefreshMinutes(), 1, 1440);
        range("clockSkewSeconds", c.clockSkewSeconds(), 0, 300);
        range("maxRequestBytes", c.maxRequestBytes(), 64, 1024 * 1024);
        range("callerRequestsPerMinute", c.callerRequestsPerMinute(), 1, 1_000_000);
        range("callerBurst", c.callerBurst(), 1, 100_000);
        range("addressRequestsPerMinute", c.addressRequestsPerMinute(), 1, 1_000_000);
        range("addressBurst", c.addressBurst(), 1, 100_000);
        range("commandTimeoutMillis", c.commandTimeoutMillis(), 100, 60_000);
        Set<String> staffRoles = roles(c.staffRoles());
        if (staffRoles.isEmpty()) {
            throw new IllegalArgumentException("staffRoles: at least one role");
        }
        Path data;
        if (c.dataDirectory() == null || c.dataDirectory().isBlank()) {
            if (fallbackDataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory: not set and the framework gives this bundle no data area");
            }
            data = fallbackDataDirectory;
        } else {
            data = path("dataDirectory", c.dataDirectory().trim());
        }
        return new LocalApiOptions(bind, c.port(), keystore, keystorePassword, keyPassword,
                require("keystoreType", c.keystoreType()), issuer, require("tokenAudience", c.tokenAudience()),
                jwksUrl, c.jwks() == null ? "" : c.jwks().trim(), Duration.ofMinutes(c.jwksRefreshMinutes()),
                staffRoles, roles(c.lockdownLiftRoles()), Duration.ofSeconds(c.clockSkewSeconds()),
                c.maxRequestBytes(), c.callerRequestsPerMinute(), c.callerBurst(), c.addressRequestsPerMinute(),
                c.addressBurst(), Duration.ofMillis(c.commandTimeoutMillis()), data, origins(c.allowedOrigins()));
    }

    @Override
    public String toString() {
        // keeps the passwords out of logs
        return "LocalApiOptions[" + bindAddress + ":" + port + ", issuer " + tokenIssuer + ", jwks " + jwksUrl + "]";
    }

    private static String require(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + ": must be set");
        }
        return value.trim();
    }

    private static void range(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + ": " + value + " is outside " + min + ".." + max);
        }
    }

    private static Path path(String property, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(property + ": not a valid path: " + value, e);
        }
    }

    /**
     * Web origins whose pages may call this API from a browser (CORS), each exactly
     * {@code scheme://host[:port]}. A wildcard is refused: the API opens doors.
     */
    private static Set<String> origins(String[] origins) {
        if (origins == null) {
            return Set.of();
        }
        Set<String> allowed = new java.util.LinkedHashSet<>();
        for (String raw : origins) {
            String origin = raw == null ? "" : raw.trim();
            if (origin.isEmpty()) {
                continue;
            }
            String normalized = CorsPolicy.normalize(origin);
            if (normalized == null) {
                throw new IllegalArgumentException("allowedOrigins: '" + origin
                        + "' is not an origin (scheme://host[:port], http or https, no path; no wildcard)");
            }
            allowed.add(normalized);
        }
        return allowed;
    }

    private static Set<String> roles(String[] roles) {
        return roles == null ? Set.of()
                : Set.copyOf(Arrays.stream(roles).map(String::trim).filter(r -> !r.isEmpty()).toList());
    }
}
