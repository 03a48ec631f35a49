package com.nexefii.gateway.deploy.impl;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link PackageInstallerConfig}, checked once. */
record PackageInstallerOptions(List<X509Certificate> trusted, Duration healthWindow, int keptVersions,
        boolean restoreConfigurationOnRollback) {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    PackageInstallerOptions {
        trusted = List.copyOf(trusted);
    }

    static PackageInstallerOptions from(PackageInstallerConfig config) {
        List<X509Certificate> trusted = new ArrayList<>();
        String[] pems = config.trustedCertificates() == null ? new String[0] : config.trustedCertificates();
        for (int i = 0; i < pems.length; i++) {
            if (pems[i] == null || pems[i].isBlank()) {
                continue;
            }
            String property = "trustedCertificates[" + i + "]";
            String pem;
            try {
                pem = normalizePem(pems[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": the PEM block is not valid base64: " + e.getMessage(), e);
            }
            trusted.addAll(TrustedCertificates.parsePem(property, pem));
        }
        String[] files = config.trustedCertificateFiles() == null ? new String[0] : config.trustedCertificateFiles();
        for (int i = 0; i < files.length; i++) {
            if (files[i] == null || files[i].isBlank()) {
                continue;
            }
            trusted.addAll(TrustedCertificates.read("trustedCertificateFiles[" + i + "]", Path.of(files[i].trim())));
        }
        int window = config.healthWindowSeconds();
        if (window < 1 || window > 3600) {
            throw new IllegalArgumentException("healthWindowSeconds: " + window + " is outside 1..3600");
        }
        int kept = config.keptVersions();
        if (kept < 2 || kept > 20) {
            throw new IllegalArgumentException("keptVersions: " + kept + " is outside 2..20 (the previous version"
                    + " must be kept for a rollback)");
        }
        return new PackageInstallerOptions(trusted, Duration.ofSeconds(window), kept,
                config.restoreConfigurationOnRollback());
    }

    /**
     * A one-line form field turns the PEM line breaks into spaces; the certificate factory wants them
     * back, so rebuild each block from its base64 body.
     */
    static String normalizePem(String text) {
        Matcher blocks = PEM.matcher(text);
        StringBuilder normalized = new StringBuilder();
        while (blocks.find()) {
            String body = blocks.group(1).replaceAll("\\s", "");
            normalized.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(Base64.getDecoder().decode(body)))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return normalized.length() == 0 ? text : normalized.toString();
    }
}
