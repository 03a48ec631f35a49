package com.nexefii.gateway.deploy.impl;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

/**
 * JSON for configuration snapshots, keeping each property's ConfigurationAdmin type: a value is
 * written as {@code {"type": "Integer", "value": "5"}} (scalars as strings, so longs and doubles
 * come back exactly), arrays as {@code "Integer[]"} or {@code "int[]"} and collections as
 * {@code "Collection<Integer>"} with a list of strings. The gateway runtime has no JSON library of
 * its own and the format is small, so the reader and writer are here.
 */
final class SnapshotJson {

    private static final Map<String, Class<?>> SCALARS = Map.of(
            "String", String.class, "Integer", Integer.class, "Long", Long.class, "Float", Float.class,
            "Double", Double.class, "Byte", Byte.class, "Short", Short.class, "Character", Character.class,
            "Boolean", Boolean.class);
    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "int", int.class, "long", long.class, "float", float.class, "double", double.class, "byte", byte.class,
            "short", short.class, "char", char.class, "boolean", boolean.class);

    private SnapshotJson() {
    }

    /** @return the typed form of a configuration value */
    static Map<String, Object> typed(Object value) {
        Map<String, Object> typed = new LinkedHashMap<>();
        if (value.getClass().isArray()) {
            Class<?> component = value.getClass().getComponentType();
            typed.put("type", component.isPrimitive() ? component.getName() + "[]" : scalarName(component) + "[]");
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            typed.put("value", items);
        } else if (value instanceof Collection<?> collection) {
            String element = collection.isEmpty() ? "String" : scalarName(collection.iterator().next().getClass());
            typed.put("type", "Collection<" + element + ">");
            typed.put("value", collection.stream().map(String::valueOf).toList());
        } else {
            typed.put("type", scalarName(value.getClass()));
            typed.put("value", String.valueOf(value));
        }
        return typed;
    }

    /** @return the configuration value of a typed form */
    static Object value(Map<?, ?> typed) {
        String type = (String) typed.get("type");
        Object value = typed.get("value");
        if (type == null) {
            throw new IllegalArgumentException("typed value without a type: " + typed);
        }
        if (type.startsWith("Collection<") && type.endsWith(">")) {
            Class<?> element = scalar(type.substring("Collection<".length(), type.length() - 1));
            Vector<Object> items = new Vector<>();
            for (Object item : (List<?>) value) {
                items.add(parse(element, (String) item));
            }
            return items;
        }
        if (type.endsWith("[]")) {
            String elementName = type.substring(0, type.length() - 2);
            Class<?> element = PRIMITIVES.containsKey(elementName) ? PRIMITIVES.get(elementName) : scalar(elementName);
            List<?> items = (List<?>) value;
            Object array = Array.newInstance(element, items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, parse(element, (String) items.get(i)));
            }
            return array;
        }
        return parse(scalar(type), (String) value);
    }

    private static String scalarName(Class<?> type) {
        for (Map.Entry<String, Class<?>> scalar : SCALARS.entrySet()) {
            if (scalar.getValue() == type) {
                return scalar.getKey();
            }
        }
        throw new IllegalArgumentException("not a ConfigurationAdmin type: " + type.getName());
    }

    private static Class<?> scalar(String name) {
        Class<?> type = SCALARS.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown type " + name);
        }
        return type;
    }

    private static Object parse(Class<?> type, String text) {
        if (type == String.class) {
            return text;
        } else if (type == Integer.class || type == int.class) {
            return Integer.valueOf(text);
        } else if (type == Long.class || type == long.class) {
            return Long.valueOf(text);
        } else if (type == Float.class || type == float.class) {
            return Float.valueOf(text);
        } else if (type == Double.class || type == double.class) {
            return Double.valueOf(text);
        } else if (type == Byte.class || type == byte.class) {
            return Byte.valueOf(text);
        } else if (type == Short.class || type == short.class) {
            return Short.valueOf(text);
        } else if (type == Character.class || type == char.class) {
            if (text.length() != 1) {
                throw new IllegalArgumentException("not a character: " + text);
            }
            return text.charAt(0);
        } else if (type == Boolean.class || type == boolean.class) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException("unknown type " + type);
    }

    // ---- JSON text: objects, arrays, strings, numbers, true/false/null ----

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append("  ".repeat(indent + 1));
                string(out, String.valueOf(entry.getKey()));
                out.append(": ");
                write(out, entry.getValue(), indent + 1);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(out, list.get(i), indent + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static Object read(String json) {
        Reader reader = new Reader(json);
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.position < json.length()) {
            throw reader.error("trailing characters");
        }
        return value;
    }

    private static final class Reader {
        private final String text;
        private int position;

        Reader(String text) {
            this.text = text;
        }

        Object value() {
            skipWhitespace();
            if (position >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(position);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            position++;
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                map.put(key, value());
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected , or }");
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            position++;
            skipWhitespace();
            if (peek() == ']') {
                position++;
                return list;
            }
            while (true) {
                list.add(value());
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected , or ]");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            if (position + 4 > text.length()) {
                                throw error("short unicode escape");
                            }
                            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                            position += 4;
                        }
                        default -> throw error("bad escape \\" + e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("expected " + word);
            }
            position += word.length();
            return value;
        }

        private Number number() {
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String number = text.substring(start, position);
            if (number.isEmpty()) {
                throw error("unexpected character '" + text.charAt(start) + "'");
            }
            if (number.contains(".") || number.contains("e") || number.contains("E")) {
                return Double.valueOf(number);
            }
            return Long.valueOf(number);
        }

        void skipWhitespace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private char peek() {
            if (position >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(position);
        }

        private char next() {
            char c = peek();
            position++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("invalid snapshot JSON at " + position + ": " + message);
        }
    }
}
