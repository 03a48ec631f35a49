package com.nexefii.local.api;

import java.io.InputStream;

/**
 * What the handler needs of an HTTP request, free of the servlet API so the handler is tested
 * without a server.
 *
 * @param path the raw (still percent-encoded) request path
 * @param contentLength declared body length, -1 when unknown (chunked)
 * @param secure whether the request came over TLS
 * @param origin the {@code Origin} header (browsers), or null
 * @param preflightMethod {@code Access-Control-Request-Method} of a CORS preflight, or null
 * @param privateNetwork whether a preflight asked {@code Access-Control-Request-Private-Network: true}
 */
record ApiRequest(String method, String path, String authorization, long contentLength, String remoteAddress,
        boolean secure, InputStream body, String origin, String preflightMethod, boolean privateNetwork) {

    /** A request without browser (CORS) headers, as native apps send. */
    ApiRequest(String method, String path, String authorization, long contentLength, String remoteAddress,
            boolean secure, InputStream body) {
        this(method, path, authorization, contentLength, remoteAddress, secure, body, null, null, false);
    }
}
