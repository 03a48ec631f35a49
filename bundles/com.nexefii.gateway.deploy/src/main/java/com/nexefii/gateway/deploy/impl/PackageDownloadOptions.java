package com.nexefii.gateway.deploy.impl;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link PackageDownloadConfig}, checked once. */
record PackageDownloadOptions(List<X509Certificate> cloudCas, List<String> allowedUrlPrefixes, long maxBytes,
        Duration connectTimeout, Duration downloadTimeout, int queueSize) {

    PackageDownloadOptions {
        cloudCas = List.copyOf(cloudCas);
        allowedUrlPrefixes = List.copyOf(allowedUrlPrefixes);
    }

    static PackageDownloadOptions from(PackageDownloadConfig config) {
        List<X509Certificate> cas = new ArrayList<>();
        String[] pems = config.cloudCaCertificates() == null ? new String[0] : config.cloudCaCertificates();
        for (int i = 0; i < pems.length; i++) {
            if (pems[i] != null && !pems[i].isBlank()) {
                String property = "cloudCaCertificates[" + i + "]";
                String pem;
                try {
                    pem = PackageInstallerOptions.normalizePem(pems[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(property + ": the PEM block is not valid base64: "
                            + e.getMessage(), e);
                }
                cas.addAll(TrustedCertificates.parsePem(property, pem));
            }
        }
        String[] files = config.cloudCaCertificateFiles() == null ? new String[0] : config.cloudCaCertificateFiles();
        for (int i = 0; i < files.length; i++) {
            if (files[i] != null && !files[i].isBlank()) {
                cas.addAll(TrustedCertificates.read("cloudCaCertificateFiles[" + i + "]", Path.of(files[i].trim())));
            }
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("cloudCaCertificates: no cloud CA certificate configured (nor in"
                    + " cloudCaCertificateFiles): downloads could not be authenticated");
        }
        List<String> prefixes = new ArrayList<>();
        String[] given = config.allowedUrlPrefixes() == null ? new String[0] : config.allowedUrlPrefixes();
        for (int i = 0; i < given.length; i++) {
            if (given[i] == null || given[i].isBlank()) {
                continue;
            }
            String prefix = given[i].trim();
            URI uri;
            try {
                uri = URI.create(prefix);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowedUrlPrefixes[" + i + "]: not a URL: " + prefix, e);
            }
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
                    || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("allowedUrlPrefixes[" + i + "]: must be https://host[:port]/path"
                        + " without user or query: " + prefix);
            }
            // a prefix ending inside a host name or path segment would let https://cloud.example.com.evil/ match
            prefixes.add(prefix.endsWith("/") ? prefix : prefix + "/");
        }
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("allowedUrlPrefixes: at least one https:// prefix is required");
        }
        int mib = config.maxPackageMiB();
        if (mib < 1 || mib > 512) {
            throw new IllegalArgumentException("maxPackageMiB: " + mib + " is outside 1..512");
        }
        int connect = config.connectTimeoutSeconds();
        if (connect < 1 || connect > 120) {
            throw new IllegalArgumentException("connectTimeoutSeconds: " + connect + " is outside 1..120");
        }
        int download = config.downloadTimeoutSeconds();
        if (download < 1 || download > 3600) {
            throw new IllegalArgumentException("downloadTimeoutSeconds: " + download + " is outside 1..3600");
        }
        int queue = config.queueSize();
        if (queue < 1 || queue > 100) {
            throw new IllegalArgumentException("queueSize: " + queue + " is outside 1..100");
        }
        return new PackageDownloadOptions(cas, prefixes, mib * 1024L * 1024L, Duration.ofSeconds(connect),
                Duration.ofSeconds(download), queue);
    }

    /** @return true when {@code url} is https, has no user info and starts with an allowed prefix */
    boolean allows(URI url) {
        if (!"https".equals(url.getScheme()) || url.getUserInfo() != null || url.getHost() == null) {
            return false;
        }
        String text = url.normalize().toString();
        String lower = text.toLowerCase(Locale.ROOT);
        return allowedUrlPrefixes.stream().anyMatch(p -> lower.startsWith(p.toLowerCase(Locale.ROOT)));
    }
}
