package com.nexefii.local.api;

import java.io.InputStream;

/**
 * What the handler needs of an HTTP request, free of the servlet API so the handler is tested
 * without a server.
 *
 * @param path the raw (still percent-encoded) request path
 * @param contentLength declared body length, -1 when unknown (chunked)
 * @param secure whether the request came over TLS
 */
record ApiRequest(String method, String path, String authorization, long contentLength, String remoteAddress,
        boolean secure, InputStream body) {
}
