package com.nexefii.gateway.deploy;

import java.net.URI;
import java.util.Objects;

/**
 * What the cloud asked a gateway to install.
 *
 * @param requestId the cloud's command id; named in logs
 * @param packageName the {@code DeploymentPackage-SymbolicName} the file must carry
 * @param version the {@code DeploymentPackage-Version} the file must carry
 * @param url where to download it; {@code https} only
 * @param sha256 lower-case hex SHA-256 of the file
 * @param size exact size of the file in bytes
 */
public record PackageInstallRequest(String requestId, String packageName, String version, URI url, String sha256,
        long size) {

    public PackageInstallRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
    }

    /** @return the URL without its query, which may carry a download signature: safe to log */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getAuthority() + (url.getPath() == null ? "" : url.getPath());
    }
}
