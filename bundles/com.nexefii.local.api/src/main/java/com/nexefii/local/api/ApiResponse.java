package com.nexefii.local.api;

import java.util.Map;

/** Status, headers and body of an answer; the servlet copies it onto the HTTP response. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    ApiResponse {
        headers = Map.copyOf(headers);
    }

    String header(String name) {
        return headers.get(name);
    }
}
