package com.nexefii.cloud.domain.model.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a gateway's local API answers on the property network: an absolute {@code https} URL with
 * a host, optionally a port and a path, and nothing that would carry a secret or change the request
 * (no user info, query or fragment). Guests' phones call it with their mobile key, so a plain-HTTP
 * or odd address is refused when it is set, not discovered at the door.
 */
public final class LocalApiUrl {

    public static final int MAX_LENGTH = 2048;

    private LocalApiUrl() {
    }

    /**
     * @return the address without a trailing slash
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getReason());
        }
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("must be an https:// URL (the phone sends a mobile key to it)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not carry user info, a query or a fragment");
        }
        String normalized = uri.toString();
        return normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }
}
