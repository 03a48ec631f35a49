package com.nexefii.local.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: the one shape every error of the API takes. Extension members carry the
 * machine-readable details a client acts on ({@code reason}, {@code lockId}, {@code results}).
 */
record Problem(String slug, String title, int status, String detail, Map<String, Object> extensions) {

    static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://nexefii.com/problems/";

    static final Problem NOT_FOUND = new Problem("not-found", "No such resource", 404, null, Map.of());

    Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem(slug, title, status, detail, Map.of());
    }

    Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(slug, title, status, detail, more);
    }

    URI type() {
        return URI.create(TYPE_BASE + slug);
    }

    /** @return the JSON members in RFC 9457 order, extensions last */
    Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", type().toString());
        members.put("title", title);
        members.put("status", status);
        if (detail != null) {
            members.put("detail", detail);
        }
        extensions.forEach(members::putIfAbsent);
        return members;
    }
}
