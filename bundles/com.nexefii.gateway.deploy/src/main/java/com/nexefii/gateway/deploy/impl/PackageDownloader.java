package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.OptionalLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.nexefii.gateway.deploy.PackageInstallRequest;
import com.nexefii.gateway.deploy.PackageRejectedException;

/**
 * Fetches a package file from the cloud over HTTPS. Only the configured cloud CAs are trusted (never the
 * JDK's default trust store), the host name is verified, redirects are not followed, and the body is read
 * only up to the announced size: a bigger, smaller or different file is refused before anything opens it.
 */
final class PackageDownloader {

    private final PackageDownloadOptions options;
    private final HttpClient client;

    PackageDownloader(PackageDownloadOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .sslContext(sslContext(options.cloudCas()))
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Downloads {@code request.url()} into {@code target} and checks size and SHA-256.
     *
     * @throws PackageRejectedException with the reason, the partial file deleted
     */
    void download(PackageInstallRequest request, Path target) throws PackageRejectedException {
        if (!options.allows(request.url())) {
            throw new PackageRejectedException("the download URL " + request.safeUrl()
                    + " is not https or not under an allowed prefix " + options.allowedUrlPrefixes());
        }
        if (request.size() > options.maxBytes()) {
            throw new PackageRejectedException("the package has " + request.size() + " bytes, more than this"
                    + " gateway's limit of " + options.maxBytes() + " (maxPackageMiB)");
        }
        try {
            downloadChecked(request, target);
        } catch (PackageRejectedException e) {
            deleteQuietly(target);
            throw e;
        } catch (IOException e) {
            deleteQuietly(target);
            throw new PackageRejectedException("download from " + request.safeUrl() + " failed: " + e, e);
        } catch (InterruptedException e) {
            deleteQuietly(target);
            Thread.currentThread().interrupt();
            throw new PackageRejectedException("download from " + request.safeUrl() + " interrupted", e);
        }
    }

    private void downloadChecked(PackageInstallRequest request, Path target)
            throws IOException, InterruptedException, PackageRejectedException {
        HttpRequest get = HttpRequest.newBuilder(request.url())
                .timeout(options.downloadTimeout())
                .header("Accept", "application/octet-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response = client.send(get, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new PackageRejectedException("the cloud answered HTTP " + response.statusCode() + " for "
                        + request.safeUrl());
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() != request.size()) {
                throw new PackageRejectedException("the cloud sends " + length.getAsLong() + " bytes, the command"
                        + " announced " + request.size());
            }
            MessageDigest sha256 = sha256();
            long read = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(target)) {
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    read += n;
                    if (read > request.size()) {
                        throw new PackageRejectedException("the download is longer than the announced "
                                + request.size() + " bytes; stopped reading");
                    }
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (read != request.size()) {
                throw new PackageRejectedException("the download ended after " + read + " of the announced "
                        + request.size() + " bytes");
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(request.sha256())) {
                throw new PackageRejectedException("the download's SHA-256 is " + actual + ", the command announced "
                        + request.sha256());
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static SSLContext sslContext(java.util.List<X509Certificate> cas) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : cas) {
                trust.setCertificateEntry("cloud-ca-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cloudCaCertificates: cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover partial file in the work area is removed with the next download of the same id
        }
    }
}
