package com.nexefii.local.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which web pages may call the API from a browser (CORS). Deny by default: only configured origins,
 * compared exactly; never a wildcard. The API takes its credential in the Authorization header,
 * not in cookies, so {@code Access-Control-Allow-Credentials} is never sent. Browsers on a public
 * page asking a private-network address send a Private Network Access preflight; it is answered
 * for allowed origins only.
 */
final class CorsPolicy {

    static final String ALLOWED_METHODS = "POST";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type";
    static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

    private final Set<String> allowed;

    CorsPolicy(Set<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins);
    }

    boolean allows(String origin) {
        String normalized = normalize(origin);
        return normalized != null && allowed.contains(normalized);
    }

    /** Headers of a preflight answer for an allowed origin. */
    Map<String, String> preflightHeaders(String origin, boolean privateNetwork) {
        Map<String, String> headers = new LinkedHashMap<>(responseHeaders(origin));
        headers.put("Access-Control-Allow-Methods", ALLOWED_METHODS);
        headers.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.put("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
        if (privateNetwork) {
            headers.put("Access-Control-Allow-Private-Network", "true");
        }
        return headers;
    }

    /** Headers added to an actual answer for an allowed origin, so its page may read it. */
    Map<String, String> responseHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        // the request's own origin, never "*": the answer is for this page only
        headers.put("Access-Control-Allow-Origin", origin);
        headers.put("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate");
        headers.put("Vary", "Origin");
        return headers;
    }

    /**
     * {@code scheme://host[:port]} in lower case without a default port, or null when the value is not
     * an http(s) origin (a path, a query, user info, a wildcard, "null").
     */
    static String normalize(String origin) {
        if (origin == null || origin.isBlank() || origin.contains("*")) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
