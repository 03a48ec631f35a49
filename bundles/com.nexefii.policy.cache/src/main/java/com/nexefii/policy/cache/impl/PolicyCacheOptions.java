package com.nexefii.policy.cache.impl;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The policy cache's configuration, checked once.
 *
 * @param dataDirectory where {@code policy.json} and {@code local-lockdown.json} live
 */
record PolicyCacheOptions(Path dataDirectory, String credentialIssuer, String credentialAudience,
        Duration clockSkew, ZoneId scheduleZone, Set<String> lockdownOverrideRoles, int verifiedCredentialCacheSize,
        int maxPolicyBytes) {

    PolicyCacheOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        requireText("credentialIssuer", credentialIssuer);
        requireText("credentialAudience", credentialAudience);
        Objects.requireNonNull(scheduleZone, "scheduleZone");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkewSeconds: must be 0 to 300, was " + clockSkew.toSeconds());
        }
        if (verifiedCredentialCacheSize < 0) {
            throw new IllegalArgumentException("verifiedCredentialCacheSize: must not be negative");
        }
        if (maxPolicyBytes < 1024) {
            throw new IllegalArgumentException("maxPolicyBytes: must be at least 1024");
        }
        lockdownOverrideRoles = Set.copyOf(lockdownOverrideRoles);
    }

    /** @throws IllegalArgumentException naming the offending property */
    static PolicyCacheOptions from(PolicyCacheConfig config, Path fallbackDataDirectory) {
        return new PolicyCacheOptions(dataDirectory(config.dataDirectory(), fallbackDataDirectory),
                config.credentialIssuer(), config.credentialAudience(),
                Duration.ofSeconds(config.clockSkewSeconds()), zone(config.scheduleTimeZone()),
                roles(config.lockdownOverrideRoles()), config.verifiedCredentialCacheSize(),
                config.maxPolicyBytes());
    }

    private static Path dataDirectory(String dir, Path fallback) {
        if (dir == null || dir.isBlank()) {
            if (fallback == null) {
                throw new IllegalArgumentException("dataDirectory: not set and the framework gives this bundle no data area");
            }
            return fallback;
        }
        try {
            return Path.of(dir.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("dataDirectory: not a valid path: " + dir, e);
        }
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("scheduleTimeZone: not a time zone: " + zone, e);
        }
    }

    private static Set<String> roles(String[] roles) {
        if (roles == null) {
            return Set.of();
        }
        return Set.copyOf(Arrays.stream(roles).map(String::trim).filter(r -> !r.isEmpty()).toList());
    }

    private static void requireText(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + ": must be set");
        }
    }
}
