package com.nexefii.cloud.infrastructure.persistence.jdbc;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Type;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Conversions of jsonb, text[] and timestamptz column values. */
final class JsonColumns {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final Type STRING_MAP = new HashMap<String, String>() { }.getClass().getGenericSuperclass();

    private JsonColumns() {
    }

    static String toJson(Map<String, String> map) {
        return JSONB.toJson(map == null ? Map.of() : map);
    }

    static Map<String, String> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Map<String, String> map = JSONB.fromJson(json, STRING_MAP);
        return Map.copyOf(map);
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
