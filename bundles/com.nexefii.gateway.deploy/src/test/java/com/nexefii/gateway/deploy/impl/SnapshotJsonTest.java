package com.nexefii.gateway.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import org.junit.jupiter.api.Test;

class SnapshotJsonTest {

    @Test
    void givenEveryConfigurationAdminType_whenWrittenAndReadBack_thenValuesAndTypesAreEqual() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("string", "a \"quoted\" \\ line\nbreak \u0001");
        values.put("integer", 42);
        values.put("long", Long.MAX_VALUE);
        values.put("float", 0.1f);
        values.put("double", 1e-300);
        values.put("byte", (byte) -3);
        values.put("short", (short) 7);
        values.put("char", 'x');
        values.put("boolean", true);
        values.put("strings", new String[] { "a", "b" });
        values.put("ints", new int[] { 1, 2 });
        values.put("booleans", new Boolean[] { true, false });
        values.put("collection", new Vector<>(List.of(1L, 2L)));

        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((k, v) -> typed.put(k, SnapshotJson.typed(v)));
        Map<?, ?> read = (Map<?, ?>) SnapshotJson.read(SnapshotJson.write(typed));

        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object back = SnapshotJson.value((Map<?, ?>) read.get(entry.getKey()));
            assertThat(back).as(entry.getKey()).isEqualTo(entry.getValue());
            assertThat(back.getClass()).as(entry.getKey()).isEqualTo(entry.getValue().getClass());
        }
    }

    @Test
    void givenTruncatedJson_whenRead_thenTheErrorSaysWhere() {
        assertThatIllegalArgumentException().isThrownBy(() -> SnapshotJson.read("{\"a\": [1, 2"))
                .withMessageContaining("invalid snapshot JSON at");
    }

    @Test
    void givenAnUnknownType_whenConverted_thenItIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SnapshotJson.typed(new Object()))
                .withMessageContaining("not a ConfigurationAdmin type");
        assertThatIllegalArgumentException().isThrownBy(() -> SnapshotJson.value(Map.of("type", "Date", "value", "x")))
                .withMessageContaining("unknown type Date");
    }
}
