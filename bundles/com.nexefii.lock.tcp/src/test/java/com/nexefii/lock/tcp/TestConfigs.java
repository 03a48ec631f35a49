package com.nexefii.lock.tcp;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link TcpAdapterConfig} instances as DS builds them: the OCD defaults, overridden by a map. */
final class TestConfigs {

    /** Test fixture only, never a production key. */
    static final String KEY_HEX = "00112233445566778899aabbccddeeff";

    private TestConfigs() {
    }

    static TcpAdapterConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("adapterId", "ctrl-a");
        values.put("host", "127.0.0.1");
        values.put("key", KEY_HEX);
        values.putAll(overrides);
        return (TcpAdapterConfig) Proxy.newProxyInstance(TcpAdapterConfig.class.getClassLoader(),
                new Class<?>[] { TcpAdapterConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getName().equals("annotationType")) {
                        return switch (method.getName()) {
                            case "annotationType" -> TcpAdapterConfig.class;
                            case "toString" -> "TcpAdapterConfig" + values;
                            case "hashCode" -> values.hashCode();
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    static TcpAdapterOptions options(Map<String, Object> overrides) {
        return TcpAdapterOptions.from(config(overrides));
    }
}
